import { Box, Tooltip } from '@mui/material';
import type { HealthHour } from '@sluice/contracts';

const HOURS = 24;

/**
 * The last 24 hours in 24 bars: height the hour's median latency against the day's slowest,
 * red where a check failed, a dot of grey where there was none.
 */
export function HealthSparkline({ hours }: { hours: HealthHour[] }) {
  const now = Math.floor(Date.now() / 3_600_000);
  const byHour = new Map(hours.map((h) => [Math.floor(Date.parse(h.hour) / 3_600_000), h]));
  const slowest = Math.max(1, ...hours.map((h) => h.p50LatencyMs ?? 0));
  const checks = hours.reduce((n, h) => n + h.checks, 0);
  const failures = hours.reduce((n, h) => n + h.failures, 0);
  const label =
    checks === 0
      ? 'No checks in the last 24 hours'
      : `Last 24 hours: ${checks} check${checks === 1 ? '' : 's'}, ${failures} failed`;
  return (
    <Tooltip title={label}>
      <Box
        component="svg"
        role="img"
        aria-label={label}
        tabIndex={0}
        width={50}
        height={16}
        viewBox={`0 0 ${HOURS * 2} 16`}
        sx={{ flexShrink: 0, display: 'block' }}
      >
        {Array.from({ length: HOURS }, (_, i) => {
          const hour = byHour.get(now - (HOURS - 1 - i));
          if (!hour) return <rect key={i} x={i * 2} y={15} width={1.5} height={1} fill="#bdbdbd" />;
          const height =
            hour.failures > 0 ? 16 : Math.max(2, ((hour.p50LatencyMs ?? 0) / slowest) * 16);
          return (
            <rect
              key={i}
              x={i * 2}
              y={16 - height}
              width={1.5}
              height={height}
              fill={hour.failures > 0 ? '#d32f2f' : '#2e7d32'}
            />
          );
        })}
      </Box>
    </Tooltip>
  );
}
