import { Box, Tooltip } from '@mui/material';
import type { Connection, HealthState } from '@sluice/contracts';
import { relativeTime } from '../../lib/relativeTime';

const LOOK: Record<HealthState, { color: string; words: string }> = {
  up: { color: 'success.main', words: 'Up' },
  down: { color: 'error.main', words: 'Down: the last check failed' },
  degraded: { color: 'warning.main', words: 'Degraded: slower than 3× its usual time' },
  unknown: { color: 'grey.400', words: 'Not checked yet' },
};

/** The health checks' verdict as a dot: up, down, degraded or unknown, with when in words. */
export function HealthDot({ connection }: { connection: Connection }) {
  const state = connection.isActive ? connection.healthState : 'unknown';
  const look = LOOK[state];
  const checked = connection.healthCheckedAt
    ? `, checked ${relativeTime(connection.healthCheckedAt)}`
    : '';
  const label = `Health: ${look.words}${checked}`;
  return (
    <Tooltip title={label}>
      <Box
        role="img"
        aria-label={label}
        tabIndex={0}
        sx={{
          width: 10,
          height: 10,
          borderRadius: '50%',
          bgcolor: look.color,
          flexShrink: 0,
          boxShadow: state === 'down' ? '0 0 0 3px rgba(211,47,47,0.2)' : undefined,
        }}
      />
    </Tooltip>
  );
}
