import { Alert, AlertTitle, Box, Chip, Stack, Typography } from '@mui/material';
import type { TestResult } from '@sluice/contracts';

/** The outcome of a test: what happened, what to do, and how far it got. */
export function TestResultPanel({ result, stale }: { result: TestResult; stale?: boolean }) {
  const failed = result.stages.find((s) => !s.ok);
  return (
    <Stack spacing={1}>
      <Outcome result={result} stale={stale} failed={failed} />
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
      {!result.success && result.hint && <Typography variant="body2">{result.hint}</Typography>}
      {!result.success && (
        <Typography variant="body2" color="text.secondary">
          {failed ? `Failed at: ${failed.name}` : null}
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
              label={`${stage.name} ${stage.ok ? '✓' : '✗'} ${stage.ms} ms`}
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
