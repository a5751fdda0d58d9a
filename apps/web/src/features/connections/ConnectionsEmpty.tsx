import type { ReactNode } from 'react';
import { Box, Button, Typography } from '@mui/material';
import { useNotify } from '../../lib/useNotify';
import { useAddSample } from './useConnections';

export function NoMatch({ onClear }: { onClear: () => void }) {
  return (
    <>
      <Typography variant="h6" component="p">
        No connections match
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        Try another search or database type.
      </Typography>
      <Button onClick={onClear}>Clear filters</Button>
    </>
  );
}

/** The first visit: add a database, or the sample shop Sluice generates to try it on. */
export function NoConnections({
  addButton,
  canWrite,
}: {
  addButton: ReactNode;
  canWrite: boolean;
}) {
  const notify = useNotify();
  const sample = useAddSample();
  const addSample = () =>
    sample.mutate(undefined, {
      onSuccess: (c) => notify(`Added ${c.name}: its schema is being read`),
      onError: (error) => notify(error.message, 'error'),
    });
  return (
    <>
      <Typography variant="h6" component="p">
        No connections yet
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        Register the first database your tools connect to, or try Sluice on a small sample shop it
        generates (SQLite, nothing downloaded).
      </Typography>
      <Box sx={{ display: 'flex', gap: 1, justifyContent: 'center', flexWrap: 'wrap' }}>
        {addButton}
        {canWrite && (
          <Button variant="outlined" onClick={addSample} disabled={sample.isPending}>
            Add the sample database
          </Button>
        )}
      </Box>
    </>
  );
}
