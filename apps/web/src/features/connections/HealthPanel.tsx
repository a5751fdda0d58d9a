import { Alert, Box, Paper, Stack, Typography } from '@mui/material';
import type { HealthCheck } from '@sluice/contracts';
import { useHealth } from './healthApi';

const WIDTH = 600;
const HEIGHT = 80;

/** Latency over the last 24 hours, a red mark at each failed check. */
function LatencyChart({ checks, from, to }: { checks: HealthCheck[]; from: string; to: string }) {
  const start = Date.parse(from);
  const span = Math.max(1, Date.parse(to) - start);
  const slowest = Math.max(1, ...checks.filter((c) => c.success).map((c) => c.latencyMs));
  const x = (c: HealthCheck) => ((Date.parse(c.checkedAt) - start) / span) * WIDTH;
  const y = (ms: number) => HEIGHT - 4 - (ms / slowest) * (HEIGHT - 12);
  const ok = [...checks].filter((c) => c.success).reverse();
  const failed = checks.filter((c) => !c.success);
  const label = `Latency over the last 24 hours: ${ok.length} successful checks, slowest ${slowest} ms, ${failed.length} failed`;
  return (
    <Box
      component="svg"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      sx={{ width: '100%', height: 80, display: 'block' }}
      preserveAspectRatio="none"
    >
      <line x1={0} y1={HEIGHT - 4} x2={WIDTH} y2={HEIGHT - 4} stroke="#e0e0e0" />
      <polyline
        fill="none"
        stroke="#0b6e79"
        strokeWidth={1.5}
        points={ok.map((c) => `${x(c).toFixed(1)},${y(c.latencyMs).toFixed(1)}`).join(' ')}
      />
      {ok.map((c) => (
        <circle key={c.checkedAt} cx={x(c)} cy={y(c.latencyMs)} r={2.5} fill="#0b6e79" />
      ))}
      {failed.map((c) => (
        <line
          key={c.checkedAt}
          x1={x(c)}
          x2={x(c)}
          y1={4}
          y2={HEIGHT - 4}
          stroke="#d32f2f"
          strokeWidth={2}
        />
      ))}
    </Box>
  );
}

/** A connection's health: the last 24 hours' latency and failures, the summary, the last failures' hints. */
export function HealthPanel({ connectionId }: { connectionId: string }) {
  const health = useHealth(connectionId, true);
  if (!health.data) return null;
  const { summary, checks, from, to } = health.data;
  const failures = checks.filter((c) => !c.success).slice(0, 3);
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-labelledby="health-title"
      sx={{ p: 2, mb: 2 }}
    >
      <Typography id="health-title" variant="h6" component="h2">
        Health, last 24 hours
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {summary.checks === 0
          ? 'No check yet: scheduled checks and manual tests appear here.'
          : `${summary.checks} check${summary.checks === 1 ? '' : 's'} · ${summary.uptimePercent}% up · p50 ${summary.p50LatencyMs ?? '—'} ms · p95 ${summary.p95LatencyMs ?? '—'} ms`}
      </Typography>
      {checks.length > 0 && <LatencyChart checks={checks} from={from} to={to} />}
      <Stack spacing={1} sx={{ mt: failures.length > 0 ? 1 : 0 }}>
        {failures.map((c) => (
          <Alert key={c.checkedAt} severity="error" variant="outlined">
            <strong>{new Date(c.checkedAt).toLocaleString()}</strong> · {c.errorCode ?? 'failed'}
            {c.message ? `: ${c.message}` : ''}
            {c.hint && (
              <Typography variant="body2" sx={{ mt: 0.5 }}>
                {c.hint}
              </Typography>
            )}
          </Alert>
        ))}
      </Stack>
    </Paper>
  );
}
