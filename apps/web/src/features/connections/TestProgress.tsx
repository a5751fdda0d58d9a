import { useEffect, useState } from 'react';
import { Alert, Button, LinearProgress, Typography } from '@mui/material';
import { DIALECTS, type DbType } from '@sluice/contracts';

/** The stages a test of this type goes through, in order, as the result will name them. */
function stagesOf(dbType: DbType, tunnel: boolean, tls: boolean): string {
  const dialect = DIALECTS[dbType];
  const stages = [
    ...(dialect.location === 'file' ? [] : ['resolve']),
    ...(tunnel ? ['SSH connect', 'SSH sign-in'] : []),
    ...(dialect.location === 'file' ? ['open'] : ['connect']),
    ...(dialect.sslSwitch && tls ? ['TLS'] : []),
    'authenticate',
    'query',
  ];
  return stages.join(' → ');
}

/** While a test runs: how long it has taken, what it goes through, and a way to stop waiting. */
export function TestProgress({
  dbType,
  tunnel,
  tls,
  onCancel,
}: {
  dbType: DbType;
  tunnel: boolean;
  tls: boolean;
  onCancel: () => void;
}) {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 250);
    return () => clearInterval(timer);
  }, []);
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
    >
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        Testing… <span aria-label={`${seconds} seconds`}>{seconds} s</span>
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {stagesOf(dbType, tunnel, tls)}
      </Typography>
      <LinearProgress sx={{ mt: 1 }} aria-label="Test in progress" />
    </Alert>
  );
}
