import { Alert, AlertTitle, Box, Button, Chip, Stack, Typography } from '@mui/material';
import type { TestResult, TestStage } from '@sluice/contracts';

/** What each stage is called on screen. */
export const STAGE_LABELS: Record<TestStage['name'], string> = {
  resolve: 'resolve',
  ssh_connect: 'SSH connect',
  ssh_authenticate: 'SSH sign-in',
  connect: 'connect',
  tls: 'TLS',
  authenticate: 'authenticate',
  query: 'query',
};

/** The outcome of a test: what happened, what to do, and how far it got. */
export function TestResultPanel({
  result,
  stale,
  onAcceptHostKey,
}: {
  result: TestResult;
  stale?: boolean;
  /** Offered after SSH_HOST_KEY_MISMATCH on a saved connection: pins the key the test saw. */
  onAcceptHostKey?: (fingerprint: string) => void;
}) {
  const failed = result.stages.find((s) => !s.ok);
  const newKey = result.errorCode === 'SSH_HOST_KEY_MISMATCH' ? result.sshHostKey : null;
  return (
    <Stack spacing={1}>
      <Outcome result={result} stale={stale} failed={failed} />
      {newKey && onAcceptHostKey && (
        <Alert
          severity="warning"
          variant="outlined"
          action={
            <Button color="inherit" size="small" onClick={() => onAcceptHostKey(newKey)}>
              Accept new host key
            </Button>
          }
        >
          The bastion now shows {newKey}. Accept it only if you know its key changed.
        </Alert>
      )}
      {result.privileges?.canWrite && <WriteWarning privileges={result.privileges} />}
    </Stack>
  );
}

function Outcome({
  result,
  stale,
  failed,
}: {
  result: TestResult;
  stale?: boolean;
  failed?: TestResult['stages'][number];
}) {
  return (
    <Alert
      severity={result.success ? 'success' : 'error'}
      variant="outlined"
      role="status"
      aria-live="polite"
    >
      <AlertTitle>
        {result.success ? `Connection successful (${result.latencyMs} ms)` : result.message}
      </AlertTitle>
      {stale && (
        <Typography variant="body2">
          You changed the form since this test: test again before saving.
        </Typography>
      )}
      {result.success && result.serverVersion && (
        <Typography variant="body2">Server: {result.serverVersion}</Typography>
      )}
      {result.success && result.sshHostKey && (
        <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
          Through the SSH bastion, host key {result.sshHostKey}
        </Typography>
      )}
      {!result.success && result.hint && <Typography variant="body2">{result.hint}</Typography>}
      {!result.success && (
        <Typography variant="body2" color="text.secondary">
          {failed ? `Failed at: ${STAGE_LABELS[failed.name]}` : null}
          {result.errorCode ? ` · ${result.errorCode}` : null}
          {` · ${result.latencyMs} ms`}
        </Typography>
      )}
      {result.privileges && !result.privileges.canWrite && (
        <Typography variant="body2" sx={{ mt: 0.5 }}>
          This credential is read-only.
        </Typography>
      )}
      {result.stages.length > 0 && (
        <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5, mt: 1 }} aria-label="Stages">
          {result.stages.map((stage) => (
            <Chip
              key={stage.name}
              size="small"
              variant="outlined"
              color={stage.ok ? 'success' : 'error'}
              label={`${STAGE_LABELS[stage.name]} ${stage.ok ? '✓' : '✗'} ${stage.ms} ms`}
            />
          ))}
        </Stack>
      )}
    </Alert>
  );
}

/** A credential that can change data is a warning of its own, never part of a green box. */
function WriteWarning({ privileges }: { privileges: NonNullable<TestResult['privileges']> }) {
  return (
    <Alert severity="warning" variant="outlined">
      <AlertTitle>This credential can write{privileges.superuser ? ' (superuser)' : ''}</AlertTitle>
      Sluice uses it read-only, but a read-only role is safer: anything that gets past Sluice could
      change data with it.
      <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2.5 }}>
        {privileges.notes.slice(0, 5).map((note) => (
          <li key={note}>{note}</li>
        ))}
      </Box>
    </Alert>
  );
}
