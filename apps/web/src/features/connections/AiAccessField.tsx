import { useState } from 'react';
import { Alert, Button, Link, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router-dom';
import {
  AI_ACCESS_LABELS,
  AI_ACCESS_LEVELS,
  type AiAccess,
  type Connection,
} from '@sluice/contracts';
import { ApiError } from '../../lib/apiClient';
import { useNotify } from '../../lib/useNotify';
import { setAiAccess } from './connectionsApi';
import { CONNECTIONS_KEY } from './useConnections';
import { fetchColumnTags } from '../catalog/catalogApi';

const HELP: Record<AiAccess, string> = {
  off: 'Assistants connected through MCP do not see this connection.',
  catalog: 'Assistants see its tables and columns (not those tagged hidden), never its rows.',
  query: 'Assistants also run read-only queries, through the same checks as the query console.',
};

/**
 * What AI assistants may do with a saved connection (connections:govern): applied at once, and
 * asking for an acknowledgement when the last test found a credential that can write.
 */
export function AiAccessField({
  connection,
  onChanged,
}: {
  connection: Connection;
  onChanged: (c: Connection) => void;
}) {
  const client = useQueryClient();
  const notify = useNotify();
  const [saving, setSaving] = useState(false);
  const [needsAck, setNeedsAck] = useState<string | null>(null);
  const tags = useQuery({
    queryKey: ['schema', connection.id, 'tags'],
    queryFn: () => fetchColumnTags(connection.id),
  });
  const hidden = tags.data?.filter((t) => t.tag === 'hidden').length ?? 0;
  const pii = (tags.data?.length ?? 0) - hidden;

  const apply = async (aiAccess: AiAccess, acknowledgeWriteCapable = false) => {
    setSaving(true);
    try {
      const updated = await setAiAccess(connection.id, { aiAccess, acknowledgeWriteCapable });
      setNeedsAck(null);
      onChanged(updated);
      await client.invalidateQueries({ queryKey: CONNECTIONS_KEY });
      notify(`AI access of ${connection.name}: ${AI_ACCESS_LABELS[aiAccess]}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 422)
        setNeedsAck(
          connection.lastTest?.privileges
            ? 'The last test found that this credential can write'
            : 'No test has reported what this credential may do: it may be able to write',
        );
      else notify(error instanceof ApiError ? error.message : 'AI access was not saved', 'error');
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack spacing={1}>
      <TextField
        select
        label="AI access (MCP)"
        value={connection.aiAccess}
        disabled={saving}
        onChange={(e) => void apply(e.target.value as AiAccess)}
        helperText={HELP[connection.aiAccess]}
        sx={{ maxWidth: 420 }}
      >
        {AI_ACCESS_LEVELS.map((level) => (
          <MenuItem key={level} value={level}>
            {AI_ACCESS_LABELS[level]}
          </MenuItem>
        ))}
      </TextField>
      {tags.data && (
        <Typography variant="body2" color="text.secondary">
          {hidden === 0 && pii === 0
            ? 'No column is tagged.'
            : `${hidden} column${hidden === 1 ? '' : 's'} hidden from AI, ${pii} flagged PII.`}{' '}
          <Link component={RouterLink} to={`/connections/${connection.id}/schema`}>
            Tag columns in the schema browser
          </Link>
        </Typography>
      )}
      {needsAck && (
        <Alert
          severity="warning"
          action={
            <Button color="inherit" size="small" onClick={() => void apply('query', true)}>
              Allow anyway
            </Button>
          }
        >
          <Typography variant="body2">
            {needsAck}. Only Sluice’s own checks would then stand between an assistant and a change.
            Allow queries anyway, or give the connection a read-only user.
          </Typography>
        </Alert>
      )}
    </Stack>
  );
}
