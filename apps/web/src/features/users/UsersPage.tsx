import { useState } from 'react';
import { Box, Button, Chip, IconButton, TableCell, TableRow, Tooltip } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import EditOutlined from '@mui/icons-material/EditOutlined';
import { ROLE_LABELS, type User } from '@sluice/contracts';
import { PageHeader } from '../../components/common/PageHeader';
import { ErrorAlert } from '../../components/common/ErrorAlert';
import { SearchField } from '../../components/common/SearchField';
import { PagedTable } from '../../components/common/PagedTable';
import { UserDialog } from './UserDialog';
import { useListParams } from '../../lib/useListParams';
import { useSession } from '../auth/useSession';
import { useUsers } from './useUsers';

const FILTERS = ['search'] as const;

export function UsersPage() {
  const { user: me, can } = useSession();
  const list = useListParams(FILTERS);
  const users = useUsers({
    page: list.page,
    pageSize: list.pageSize,
    search: list.filters.search || undefined,
  });
  const [editing, setEditing] = useState<User | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const canWrite = can('users:write');

  const open = (user: User | null) => {
    setEditing(user);
    setDialogOpen(true);
  };

  return (
    <>
      <PageHeader
        title="Users"
        description="People who can sign in to Sluice, and what their role lets them do."
        action={
          canWrite && (
            <Button variant="contained" startIcon={<AddIcon />} onClick={() => open(null)}>
              Add user
            </Button>
          )
        }
      />
      <Box sx={{ mb: 2 }}>
        <SearchField
          value={list.filters.search}
          onChange={(v) => list.setFilter('search', v)}
          placeholder="Email or name"
        />
      </Box>
      {users.isError && <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />}
      <PagedTable
        label="Users"
        columns={6}
        loading={users.isLoading}
        empty={users.data && users.data.items.length === 0 ? 'No users match' : null}
        total={users.data?.total ?? 0}
        list={list}
        head={
          <>
            <TableCell>Name</TableCell>
            <TableCell>Email</TableCell>
            <TableCell>Role</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Last sign-in</TableCell>
            <TableCell align="right">Actions</TableCell>
          </>
        }
      >
        {users.data?.items.map((user) => (
          <TableRow key={user.id} hover>
            <TableCell>{user.name}</TableCell>
            <TableCell>{user.email}</TableCell>
            <TableCell>{ROLE_LABELS[user.role]}</TableCell>
            <TableCell>
              <Chip
                size="small"
                label={user.isActive ? 'Active' : 'Deactivated'}
                color={user.isActive ? 'success' : 'default'}
              />
              {user.mustChangePassword && (
                <Chip
                  size="small"
                  variant="outlined"
                  color="warning"
                  label="New password asked"
                  sx={{ ml: 0.5 }}
                />
              )}
            </TableCell>
            <TableCell>
              {user.lastLoginAt ? new Date(user.lastLoginAt).toLocaleString() : 'Never'}
            </TableCell>
            <TableCell align="right">
              {canWrite && (
                <Tooltip title={`Edit ${user.name}`}>
                  <IconButton aria-label={`Edit ${user.name}`} onClick={() => open(user)}>
                    <EditOutlined />
                  </IconButton>
                </Tooltip>
              )}
            </TableCell>
          </TableRow>
        ))}
      </PagedTable>
      <UserDialog
        open={dialogOpen}
        user={editing}
        isSelf={editing?.id === me?.id}
        onClose={() => setDialogOpen(false)}
      />
    </>
  );
}
