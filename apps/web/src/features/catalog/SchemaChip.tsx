import { Box, Button, Chip, CircularProgress, Tooltip, Typography } from '@mui/material';
import { Link as RouterLink } from 'react-router-dom';
import type { Connection } from '@sluice/contracts';

interface Props {
  connection: Connection;
  /** Offers Retry on a failed sync when set. */
  onRetry?: () => void;
  retrying?: boolean;
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : null);

/** The schema sync's state: Not synced, Queued, Ingesting… with progress, Ready, or Failed and why. */
export function SchemaChip({ connection, onRetry, retrying = false }: Props) {
  const { schemaStatus: status, schemaMessage: message, schemaProgress: progress } = connection;
  const synced = when(connection.schemaIngestedAt);
  const label = `Schema of ${connection.name}`;
  if (status === 'ingesting') {
    const total = progress?.tablesTotal ?? 0;
    const value = total > 0 ? Math.round(((progress?.tablesDone ?? 0) / total) * 100) : undefined;
    return (
      <Chip
        size="small"
        variant="outlined"
        color="info"
        aria-label={`${label}: ingesting`}
        icon={
          <CircularProgress
            size={12}
            variant={value === undefined ? 'indeterminate' : 'determinate'}
            value={value}
          />
        }
        label={total > 0 ? `Ingesting… ${progress?.tablesDone ?? 0}/${total}` : 'Ingesting…'}
      />
    );
  }
  if (status === 'queued') {
    return (
      <Tooltip title={message ?? 'Waiting for a worker'}>
        <Chip size="small" variant="outlined" label="Queued" tabIndex={0} />
      </Tooltip>
    );
  }
  if (status === 'ready') {
    return (
      <Tooltip title={[message, synced && `synced ${synced}`].filter(Boolean).join(' — ')}>
        <Chip
          size="small"
          color="success"
          variant="outlined"
          label="Ready"
          clickable
          component={RouterLink}
          to={`/connections/${connection.id}/schema`}
          aria-label={`${label}: ready, browse it`}
        />
      </Tooltip>
    );
  }
  if (status === 'failed') {
    return (
      <Box sx={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: 0.5 }}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          <Chip size="small" color="error" label="Failed" />
          {onRetry && (
            <Button
              size="small"
              onClick={onRetry}
              disabled={retrying}
              aria-label={`Retry the schema sync of ${connection.name}`}
            >
              Retry
            </Button>
          )}
        </Box>
        {message && (
          <Typography
            variant="caption"
            color="error"
            title={message}
            sx={{ maxWidth: 260, overflow: 'hidden', textOverflow: 'ellipsis' }}
          >
            {message}
          </Typography>
        )}
      </Box>
    );
  }
  return (
    <Tooltip title={message ?? 'The schema has not been read yet'}>
      <Chip size="small" label="Not synced" tabIndex={0} />
    </Tooltip>
  );
}
