import { useEffect, useState } from 'react';
import { Alert, Box, Button, LinearProgress, Typography } from '@mui/material';
import { DIALECTS, STAGE_NAMES, type DbType, type TestStage } from '@sluice/contracts';
import { STAGE_LABELS } from './TestResultPanel';

type StageName = TestStage['name'];

/** The stages a test of this type goes through, in order, as the result will name them. */
function expectedStages(dbType: DbType, tunnel: boolean, tls: boolean): StageName[] {
  const dialect = DIALECTS[dbType];
  if (dialect.location === 'file') return ['resolve', 'connect', 'query'];
  return [
    'resolve',
    ...(tunnel ? (['ssh_connect', 'ssh_authenticate'] as const) : []),
    'connect',
    ...(dialect.sslSwitch && tls ? (['tls'] as const) : []),
    'authenticate',
    'query',
  ];
}

/**
 * While a test runs: how long it has taken, each stage as the server reports it (✓ with its
 * time, the one under way marked), and a way to stop it (the server then ends it too).
 */
export function TestProgress({
  dbType,
  tunnel,
  tls,
  stages,
  onCancel,
}: {
  dbType: DbType;
  tunnel: boolean;
  tls: boolean;
  /** The stages the server reported so far. */
  stages: TestStage[];
  onCancel: () => void;
}) {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 250);
    return () => clearInterval(timer);
  }, []);
  const expected = expectedStages(dbType, tunnel, tls);
  // A stage the server reports that was not expected (TLS asked by an option) takes its place.
  const names = STAGE_NAMES.filter(
    (name) => expected.includes(name) || stages.some((s) => s.name === name),
  );
  const current = names.find((name) => !stages.some((s) => s.name === name));
  return (
    <Alert
      severity="info"
      variant="outlined"
      icon={false}
      action={
        <Button color="inherit" size="small" onClick={onCancel}>
          Cancel test
        </Button>
      }
      sx={{ '& .MuiAlert-message': { minWidth: 0, flex: 1 } }}
    >
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        Testing… <span aria-label={`${seconds} seconds`}>{seconds} s</span>
      </Typography>
      <Box
        component="ol"
        aria-label="Test stages"
        sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, listStyle: 'none', p: 0, m: 0, mt: 0.5 }}
      >
        {names.map((name, i) => {
          const done = stages.find((s) => s.name === name);
          const state = done
            ? done.ok
              ? 'passed'
              : 'failed'
            : name === current
              ? 'under way'
              : 'to come';
          return (
            <Typography
              key={name}
              component="li"
              variant="body2"
              aria-label={`${STAGE_LABELS[name]}: ${state}`}
              color={done || name === current ? 'text.primary' : 'text.secondary'}
              sx={{ fontWeight: name === current ? 600 : 400, whiteSpace: 'nowrap' }}
            >
              {STAGE_LABELS[name]}
              {done ? ` ${done.ok ? '✓' : '✗'} ${done.ms} ms` : name === current ? ' …' : ''}
              {i < names.length - 1 ? ' →' : ''}
            </Typography>
          );
        })}
      </Box>
      <LinearProgress sx={{ mt: 1 }} aria-label="Test in progress" />
    </Alert>
  );
}
