import { useState } from 'react';
import { Box, Button, TableCell, TableSortLabel } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import {
  CONNECTION_SORT_FIELDS,
  CONNECTION_STATUSES,
  DB_TYPES,
  type Connection,
  type ConnectionListQuery,
  type ConnectionStatus,
  type DbType,
} from '@sluice/contracts';
import { PageHeader } from '../../components/common/PageHeader';
import { ErrorAlert } from '../../components/common/ErrorAlert';
import { ListFilters } from '../../components/common/ListFilters';
import { PagedTable } from '../../components/common/PagedTable';
import { ConnectionDialog } from './ConnectionDialog';
import { ConnectionRow } from './ConnectionRow';
import { useRecentHealth } from './healthApi';
import { WriteCredentialDialog } from './WriteCredentialDialog';
import { DeleteConnectionDialog } from './DeleteConnectionDialog';
import { NoConnections, NoMatch } from './ConnectionsEmpty';
import { DB_TYPE_CONFIG } from './dbTypeConfig';
import { useConnections, useDeleteConnection } from './useConnections';
import { useConnectionCommands } from './useConnectionCommands';
import { useListParams } from '../../lib/useListParams';
import { useNotify } from '../../lib/useNotify';
import { useSession } from '../auth/useSession';

const FILTERS = ['search', 'dbType', 'status', 'sortBy', 'sortOrder'] as const;

const STATUS_LABELS: Record<ConnectionStatus, string> = {
  connected: 'Connected',
  failing: 'Failing (last test)',
  down: 'Failing now (health check)',
  untested: 'Untested',
  disabled: 'Disabled',
};
type SortField = ConnectionListQuery['sortBy'];

const COLUMNS: { label: string; sort?: SortField }[] = [
  { label: 'Name', sort: 'name' },
  { label: 'Type', sort: 'dbType' },
  { label: 'Host' },
  { label: 'Database' },
  { label: 'Status' },
  { label: 'Schema' },
  { label: 'Last tested', sort: 'lastTestedAt' },
];

export function ConnectionsPage() {
  const { can } = useSession();
  const notify = useNotify();
  const list = useListParams(FILTERS);
  const { search, dbType, status, sortBy, sortOrder } = list.filters;
  const statusFilter = (CONNECTION_STATUSES as readonly string[]).includes(status)
    ? (status as ConnectionStatus)
    : undefined;
  const sort = (CONNECTION_SORT_FIELDS as readonly string[]).includes(sortBy)
    ? (sortBy as SortField)
    : 'createdAt';
  const order = sortOrder === 'asc' ? 'asc' : 'desc';
  const typeFilter = (DB_TYPES as readonly string[]).includes(dbType)
    ? (dbType as DbType)
    : undefined;
  const connections = useConnections({
    page: list.page,
    pageSize: list.pageSize,
    search: search || undefined,
    dbType: typeFilter,
    status: statusFilter,
    sortBy: sort,
    sortOrder: order,
  });
  const recent = useRecentHealth(
    (connections.data?.items ?? []).map((c) => c.id),
    can('connections:read'),
  );
  const [dialog, setDialog] = useState<{ open: boolean; connection: Connection | null }>({
    open: false,
    connection: null,
  });
  const [toDelete, setToDelete] = useState<Connection | null>(null);
  const [testingIds, setTestingIds] = useState<Set<string>>(new Set());
  const remove = useDeleteConnection();
  const commands = useConnectionCommands();
  const permissions = {
    test: can('connections:test'),
    write: can('connections:write'),
    delete: can('connections:delete'),
    query: can('connections:query'),
    govern: can('connections:govern'),
  };
  const [writeCredentialOf, setWriteCredentialOf] = useState<Connection | null>(null);
  const filtered = !!search || !!typeFilter || !!statusFilter;

  const runTest = (connection: Connection) => {
    setTestingIds((ids) => new Set(ids).add(connection.id));
    commands.test(connection, () =>
      setTestingIds((ids) => {
        const next = new Set(ids);
        next.delete(connection.id);
        return next;
      }),
    );
  };

  const confirmDelete = (connection: Connection) => {
    remove.mutate(connection.id, {
      onSuccess: () => notify(`Deleted ${connection.name}`),
      onError: (error) => notify(error.message, 'error'),
      onSettled: () => setToDelete(null),
    });
  };

  const sortBy_ = (field: SortField) =>
    list.setParams({
      sortBy: field,
      sortOrder: sort === field && order === 'asc' ? 'desc' : 'asc',
    });

  const addButton = permissions.write && (
    <Button
      variant="contained"
      startIcon={<AddIcon />}
      onClick={() => setDialog({ open: true, connection: null })}
    >
      Add Connection
    </Button>
  );
  const items = connections.data?.items ?? [];
  const emptyState = filtered ? (
    <NoMatch onClear={() => list.setParams({ search: undefined, dbType: undefined })} />
  ) : (
    <NoConnections addButton={addButton} canWrite={permissions.write} />
  );

  return (
    <>
      <PageHeader
        title="Connections"
        description="The databases your tools connect to: credentials encrypted, tested before they are trusted."
        action={addButton}
      />
      <ListFilters
        search={search}
        onSearch={(v) => list.setFilter('search', v)}
        placeholder="Name, host or database"
        select={{
          label: 'Database type',
          all: 'All types',
          value: typeFilter ?? '',
          options: DB_TYPES.map((type) => ({ value: type, label: DB_TYPE_CONFIG[type].label })),
          onChange: (v) => list.setFilter('dbType', v),
        }}
        more={[
          {
            label: 'Status',
            all: 'Any status',
            value: statusFilter ?? '',
            options: CONNECTION_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
            onChange: (v) => list.setFilter('status', v),
          },
        ]}
      />
      {connections.isError && (
        <ErrorAlert error={connections.error} onRetry={() => void connections.refetch()} />
      )}
      <Box sx={{ mt: connections.isError ? 2 : 0 }}>
        <PagedTable
          label="Connections"
          columns={8}
          loading={connections.isLoading}
          total={connections.data?.total ?? 0}
          list={list}
          empty={connections.isSuccess && items.length === 0 ? emptyState : null}
          head={
            <>
              {COLUMNS.map((column) => (
                <TableCell
                  key={column.label}
                  sortDirection={column.sort && sort === column.sort ? order : false}
                >
                  {column.sort ? (
                    <TableSortLabel
                      active={sort === column.sort}
                      direction={sort === column.sort ? order : 'asc'}
                      onClick={() => sortBy_(column.sort!)}
                    >
                      {column.label}
                    </TableSortLabel>
                  ) : (
                    column.label
                  )}
                </TableCell>
              ))}
              <TableCell align="right">Actions</TableCell>
            </>
          }
        >
          {items.map((connection) => (
            <ConnectionRow
              key={connection.id}
              connection={connection}
              testing={testingIds.has(connection.id)}
              can={permissions}
              onTest={runTest}
              onEdit={(c) => setDialog({ open: true, connection: c })}
              onDelete={setToDelete}
              onSync={commands.sync}
              onSetActive={commands.setActive}
              onWriteCredential={setWriteCredentialOf}
              hours={recent.data?.[connection.id]}
            />
          ))}
        </PagedTable>
      </Box>
      {writeCredentialOf && (
        <WriteCredentialDialog
          connection={writeCredentialOf}
          onClose={() => setWriteCredentialOf(null)}
        />
      )}
      <ConnectionDialog
        open={dialog.open}
        connection={dialog.connection}
        onClose={() => setDialog((d) => ({ ...d, open: false }))}
      />
      <DeleteConnectionDialog
        connection={toDelete}
        deleting={remove.isPending}
        onCancel={() => setToDelete(null)}
        onConfirm={confirmDelete}
      />
    </>
  );
}
