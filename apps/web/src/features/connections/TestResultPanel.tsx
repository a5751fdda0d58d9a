import { Alert, AlertTitle, Box, Chip, Stack, Typography } from '@mui/material';
import type { TestResult } from '@sluice/contracts';

/** The outcome of a test: what happened, what to do, and how far it got. */
export function TestResultPanel({ result, stale }: { result: TestResult; stale?: boolean }) {
  const failed = result.stages.find((s) => !s.ok);
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
      {result.privileges && (
        <Typography variant="body2" sx={{ mt: 0.5 }}>
          {result.privileges.canWrite
            ? `This credential can write${result.privileges.superuser ? ' (superuser)' : ''}: Sluice uses it read-only, but a read-only role is safer.`
            : 'This credential is read-only.'}
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
      <Box />
    </Alert>
  );
}
