import { useState } from 'react';
import {
  Box,
  Button,
  Chip,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiToken } from '@sluice/contracts';
import { PageHeader } from '../../components/common/PageHeader';
import { ErrorAlert } from '../../components/common/ErrorAlert';
import { useNotify } from '../../lib/useNotify';
import { relativeTime } from '../../lib/relativeTime';
import { useSession } from '../auth/useSession';
import { CreateTokenDialog } from './CreateTokenDialog';
import { ConnectAssistant } from './ConnectAssistant';
import { createToken, fetchTokens, revokeToken } from './tokensApi';

/** The signed-in user's API tokens: create (shown once), see when each was last used, revoke. */
export function TokensPage() {
  const { user } = useSession();
  const notify = useNotify();
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: fetchTokens });
  const [creating, setCreating] = useState(false);
  const refresh = () => void client.invalidateQueries({ queryKey: ['tokens'] });
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => revokeToken(token.id),
    onSuccess: (_, token) => {
      notify(`Revoked “${token.name}”: it no longer works`);
      refresh();
    },
    onError: (error) => notify(error.message, 'error'),
  });

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let tools (ETL jobs, notebooks, AI assistants) call Sluice as you, limited to the scopes you choose. They never see a database password."
        action={
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => setCreating(true)}>
            Create token
          </Button>
        }
      />
      {tokens.isError && <ErrorAlert error={tokens.error} onRetry={() => void tokens.refetch()} />}
      <TableContainer
        component={Paper}
        variant="outlined"
        tabIndex={0}
        aria-label="Your API tokens"
      >
        <Table aria-label="API tokens">
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>Scopes</TableCell>
              <TableCell>Created</TableCell>
              <TableCell>Expires</TableCell>
              <TableCell>Last used</TableCell>
              <TableCell align="right">Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {tokens.data?.length === 0 && (
              <TableRow>
                <TableCell colSpan={6}>
                  <Typography color="text.secondary" sx={{ py: 2 }}>
                    No tokens yet. Create one for each tool, so that you can revoke it alone.
                  </Typography>
                </TableCell>
              </TableRow>
            )}
            {tokens.data?.map((token) => (
              <TableRow key={token.id} hover>
                <TableCell sx={{ fontWeight: 500 }}>{token.name}</TableCell>
                <TableCell>
                  <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }}>
                    {token.scopes.map((s) => (
                      <Chip key={s} size="small" label={s} variant="outlined" />
                    ))}
                  </Box>
                </TableCell>
                <TableCell>{relativeTime(token.createdAt)}</TableCell>
                <TableCell>{new Date(token.expiresAt).toLocaleDateString()}</TableCell>
                <TableCell>{token.lastUsedAt ? relativeTime(token.lastUsedAt) : 'Never'}</TableCell>
                <TableCell align="right">
                  <Button
                    color="error"
                    aria-label={`Revoke ${token.name}`}
                    onClick={() => {
                      if (window.confirm(`Revoke “${token.name}”? Tools using it stop at once.`))
                        revoke.mutate(token);
                    }}
                  >
                    Revoke
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <ConnectAssistant token={null} />
      {creating && user && (
        <CreateTokenDialog
          open
          permissions={user.permissions}
          onCreate={async (body) => {
            const created = await createToken(body);
            refresh();
            return created;
          }}
          onClose={() => setCreating(false)}
        />
      )}
    </>
  );
}
