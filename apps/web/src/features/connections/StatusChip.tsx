import { Chip, CircularProgress, Stack, Tooltip } from '@mui/material';
import { Link as RouterLink } from 'react-router-dom';
import type { Connection } from '@sluice/contracts';

/**
 * Untested grey, Connected green, Failed red (the message, hint and time in a tooltip), and a
 * yellow "can write" beside it when the last test found write privileges.
 */
export function StatusChip({
  connection,
  testing,
  link = true,
}: {
  connection: Connection;
  testing: boolean;
  /** A failed chip opens the connection's page (off on that page). */
  link?: boolean;
}) {
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
  if (!connection.isActive) {
    return (
      <Tooltip title="Disabled: not tested, synced or served until it is enabled">
        <Chip size="small" label="Disabled" variant="outlined" tabIndex={0} />
      </Tooltip>
    );
  }
  if (connection.lastTestResult === null || connection.lastTestedAt === null) {
    return <Chip size="small" label="Untested" />;
  }
  const when = new Date(connection.lastTestedAt).toLocaleString();
  const hint = connection.lastTestResult ? null : connection.lastTest?.hint;
  const privileges = connection.lastTest?.privileges;
  return (
    <Stack direction="row" sx={{ gap: 0.5, flexWrap: 'wrap' }}>
      <Tooltip title={`${connection.lastTestMessage ?? ''}${hint ? ` ${hint}` : ''} (${when})`}>
        {link && !connection.lastTestResult ? (
          <Chip
            size="small"
            label="Failed"
            color="error"
            clickable
            component={RouterLink}
            to={`/connections/${connection.id}`}
            aria-label={`Failed: ${connection.lastTestMessage ?? ''} Open ${connection.name}`}
          />
        ) : (
          <Chip
            size="small"
            label={connection.lastTestResult ? 'Connected' : 'Failed'}
            color={connection.lastTestResult ? 'success' : 'error'}
            tabIndex={0}
          />
        )}
      </Tooltip>
      {privileges?.canWrite && (
        <Tooltip title={privileges.notes.join(' ')}>
          <Chip
            size="small"
            variant="outlined"
            color="warning"
            label={privileges.superuser ? 'superuser' : 'can write'}
            tabIndex={0}
          />
        </Tooltip>
      )}
    </Stack>
  );
}
