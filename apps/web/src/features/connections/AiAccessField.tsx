import { useState } from 'react';
import { Alert, Button, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
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

  const apply = async (aiAccess: AiAccess, acknowledgeWriteCapable = false) => {
    setSaving(true);
    try {
      const updated = await setAiAccess(connection.id, { aiAccess, acknowledgeWriteCapable });
      setNeedsAck(null);
      onChanged(updated);
      await client.invalidateQueries({ queryKey: CONNECTIONS_KEY });
      notify(`AI access of ${connection.name}: ${AI_ACCESS_LABELS[aiAccess]}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) setNeedsAck(error.message);
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
      {needsAck && (
        <Alert
          severity="warning"
          action={
            <Button color="inherit" size="small" onClick={() => void apply('query', true)}>
              Allow anyway
            </Button>
          }
        >
          <Typography variant="body2">{needsAck}</Typography>
        </Alert>
      )}
    </Stack>
  );
}
