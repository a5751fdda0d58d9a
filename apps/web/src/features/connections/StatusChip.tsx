import { Chip, CircularProgress, Tooltip } from '@mui/material';
import type { Connection } from '@sluice/contracts';

/** Untested grey, Connected green, Failed red; the last message and time in a tooltip. */
export function StatusChip({ connection, testing }: { connection: Connection; testing: boolean }) {
  if (testing) {
    return (
      <Chip
        size="small"
        label="Testing…"
        icon={<CircularProgress size={12} />}
        variant="outlined"
      />
    );
  }
  if (connection.lastTestResult === null || connection.lastTestedAt === null) {
    return <Chip size="small" label="Untested" />;
  }
  const when = new Date(connection.lastTestedAt).toLocaleString();
  return (
    <Tooltip title={`${connection.lastTestMessage ?? ''} — ${when}`}>
      <Chip
        size="small"
        label={connection.lastTestResult ? 'Connected' : 'Failed'}
        color={connection.lastTestResult ? 'success' : 'error'}
        tabIndex={0}
      />
    </Tooltip>
  );
}
