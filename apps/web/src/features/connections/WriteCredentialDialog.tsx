import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Typography,
} from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import type { Connection, TestResult } from '@sluice/contracts';
import { SecretField } from '../../components/common/SecretField';
import { api } from '../../lib/apiClient';
import { problemErrors } from '../../lib/formErrors';

/**
 * An admin's view of a connection's second, write-enabled credential: set or replace it, test
 * it on its own, remove it. Only queries with "Write mode" by an admin use it.
 */
export function WriteCredentialDialog({
  connection,
  onClose,
}: {
  connection: Connection;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const [current, setCurrent] = useState(connection);
  const [username, setUsername] = useState(connection.writeUsername ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [tested, setTested] = useState<TestResult | null>(null);
  const [busy, setBusy] = useState(false);
  const path = `/connections/${connection.id}/write-credential`;

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setErrors({});
    try {
      await work();
      void client.invalidateQueries({ queryKey: ['connections'] });
    } catch (error) {
      setErrors(problemErrors(error));
    } finally {
      setBusy(false);
    }
  };
  const save = () => {
    const local: Record<string, string> = {};
    if (!username.trim()) local['writeUsername'] = 'Username is required';
    if (!password) local['writePassword'] = 'Password is required';
    if (Object.keys(local).length > 0) return setErrors(local);
    return act(async () => {
      const body = { writeUsername: username.trim(), writePassword: password };
      setCurrent(await api<Connection>(path, { method: 'PUT', body }));
      setPassword('');
      setTested(null);
    });
  };
  const remove = () =>
    act(async () => {
      setCurrent(await api<Connection>(path, { method: 'DELETE' }));
      setTested(null);
    });
  const test = () =>
    act(async () => {
      setTested(
        await api<TestResult>(`/connections/${connection.id}/test?credential=write`, {
          method: 'POST',
        }),
      );
    });

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" scroll="paper">
      <DialogTitle>Write credential of {connection.name}</DialogTitle>
      <DialogContent dividers>
        <Box sx={{ display: 'grid', gap: 2 }}>
          <Typography variant="body2" color="text.secondary">
            Sluice treats every connection as read-only. A second user allowed to write is used only
            by queries run in Write mode by someone holding connections:query_write, one statement
            at a time, committed and audited. Tests, syncs and AI assistants never use it.
          </Typography>
          <Alert severity={current.hasWriteCredential ? 'warning' : 'info'}>
            {current.hasWriteCredential
              ? `Set: writes run as “${current.writeUsername}”.`
              : 'No write credential: every query through Sluice is read-only.'}
          </Alert>
          {errors['form'] && <Alert severity="error">{errors['form']}</Alert>}
          <TextField
            label="Write username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={!!errors['writeUsername']}
            helperText={errors['writeUsername']}
          />
          <SecretField
            label="Write password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={!!errors['writePassword']}
            helperText={
              errors['writePassword'] ??
              (current.hasWriteCredential ? 'Type it to replace the stored one' : undefined)
            }
          />
          {tested && (
            <Alert severity={tested.success ? 'success' : 'error'}>
              {tested.message}
              {tested.privileges && ` · ${tested.privileges.notes.join(' ')}`}
              {tested.hint && <Box sx={{ mt: 0.5 }}>{tested.hint}</Box>}
            </Alert>
          )}
        </Box>
      </DialogContent>
      <DialogActions sx={{ flexWrap: 'wrap' }}>
        {current.hasWriteCredential && (
          <>
            <Button color="error" onClick={() => void remove()} disabled={busy}>
              Remove
            </Button>
            <Button onClick={() => void test()} disabled={busy}>
              Test write credential
            </Button>
          </>
        )}
        <Box sx={{ flexGrow: 1 }} />
        <Button onClick={onClose}>Close</Button>
        <Button variant="contained" onClick={() => void save()} disabled={busy}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
