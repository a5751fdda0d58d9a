import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Stack,
  useMediaQuery,
  useTheme,
} from '@mui/material';
import type { Connection } from '@sluice/contracts';
import { useConnectionForm } from './useConnectionForm';
import { ConnectionFields } from './ConnectionFields';
import { DbTypePicker } from './DbTypePicker';
import { SchemaPatternsField } from './SchemaPatternsField';
import { ConnectionStringField } from './ConnectionStringField';
import { TestResultPanel } from './TestResultPanel';
import { TestProgress } from './TestProgress';
import { SshTunnelFields } from './SshTunnelFields';
import { AiAccessField } from './AiAccessField';
import { HealthIntervalField, SyncScheduleField } from './SyncScheduleField';
import { useSession } from '../auth/useSession';

interface Props {
  open: boolean;
  connection: Connection | null;
  onClose: () => void;
}

export function ConnectionDialog({ open, connection, onClose }: Props) {
  const state = useConnectionForm(open, connection, onClose);
  const { can } = useSession();
  const [confirmUntested, setConfirmUntested] = useState(false);
  const theme = useTheme();
  const fullScreen = useMediaQuery(theme.breakpoints.down('sm'));
  const editing = !!state.connection;
  const saving = state.form.formState.isSubmitting && !state.testing;
  const root = state.form.formState.errors.root;
  // A new result is scrolled into view: it sits below the fields, often past the fold.
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.test || state.testing) resultRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [state.test, state.testing]);

  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth
      maxWidth="md"
      fullScreen={fullScreen}
      scroll="paper"
      aria-labelledby="connection-dialog-title"
    >
      {/* Title and actions stay in view; only the fields and the test result scroll. */}
      <Box
        component="form"
        onSubmit={(e) => void state.save(e)}
        noValidate
        sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: '1 1 auto' }}
      >
        <DialogTitle id="connection-dialog-title">
          {editing ? `Edit ${state.connection?.name}` : 'Add Connection'}
        </DialogTitle>
        <DialogContent dividers>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {state.stale && (
              <Alert
                severity="warning"
                action={
                  <Button color="inherit" size="small" onClick={() => void state.reload()}>
                    Reload
                  </Button>
                }
              >
                Someone else changed this connection since you opened it. Reload to see their
                version, then apply your change again.
              </Alert>
            )}
            {root && <Alert severity="error">{root.message}</Alert>}
            {state.connection?.provisionedFrom && (
              <Alert severity="info">
                Managed by provisioning ({state.connection.provisionedFrom}): change the file and
                apply it. Saving here is refused, and the next apply would undo it.
              </Alert>
            )}
            <DbTypePicker state={state} />
            <ConnectionStringField state={state} />
            <ConnectionFields state={state} />
            <SchemaPatternsField state={state} />
            {editing && state.connection?.hasCredential && (
              <Box>
                <Button
                  size="small"
                  color={state.removePassword ? 'inherit' : 'error'}
                  onClick={() => state.setRemovePassword(!state.removePassword)}
                >
                  {state.removePassword ? 'Keep stored password' : 'Remove stored password'}
                </Button>
              </Box>
            )}
            <SshTunnelFields state={state} />
            <SyncScheduleField state={state} />
            <HealthIntervalField state={state} />
            {editing && state.connection && can('connections:govern') && (
              <AiAccessField connection={state.connection} onChanged={state.setConnection} />
            )}
            {state.testing && (
              <Box ref={resultRef}>
                <TestProgress
                  dbType={state.values.dbType}
                  tunnel={state.values.ssh.enabled}
                  tls={state.values.useSsl}
                  stages={state.liveStages}
                  onCancel={state.cancelTest}
                />
              </Box>
            )}
            {state.test && !state.testing && (
              <Box ref={resultRef}>
                <TestResultPanel
                  result={state.test}
                  stale={state.testIsStale}
                  onAcceptHostKey={
                    state.connection?.sshTunnel
                      ? (fingerprint) => void state.acceptNewHostKey(fingerprint)
                      : undefined
                  }
                />
              </Box>
            )}
            {!state.passed && !state.failedTest && !state.targetUnchanged && (
              <DialogContentText variant="body2">
                Test the connection to enable {editing ? 'saving' : 'creating'} it: Sluice only
                saves settings it has seen work.
              </DialogContentText>
            )}
          </Stack>
        </DialogContent>
        <DialogActions sx={{ flexWrap: 'wrap', gap: 1 }}>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="outlined"
            onClick={() => void state.runTest()}
            disabled={state.testing}
            startIcon={state.testing ? <CircularProgress size={16} /> : undefined}
          >
            {state.testing ? 'Testing…' : 'Test Connection'}
          </Button>
          {state.failedTest && (
            <Button color="warning" onClick={() => setConfirmUntested(true)}>
              Save without a passing test
            </Button>
          )}
          <Button type="submit" variant="contained" disabled={!state.canSave || saving}>
            {editing ? 'Save changes' : 'Create'}
          </Button>
        </DialogActions>
      </Box>
      <Dialog
        open={confirmUntested}
        onClose={() => setConfirmUntested(false)}
        aria-labelledby="confirm-untested-title"
      >
        <DialogTitle id="confirm-untested-title">Save without a passing test?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            The last test of these settings failed. Tools that use this connection will fail the
            same way until it is fixed.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirmUntested(false)}>Cancel</Button>
          <Button
            color="warning"
            variant="contained"
            onClick={() => {
              setConfirmUntested(false);
              void state.save();
            }}
          >
            Save anyway
          </Button>
        </DialogActions>
      </Dialog>
    </Dialog>
  );
}
