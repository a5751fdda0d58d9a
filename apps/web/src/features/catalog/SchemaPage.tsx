import { Alert, Box, Breadcrumbs, Button, Chip, Link, TableCell, Typography } from '@mui/material';
import { AI_ACCESS_LABELS } from '@sluice/contracts';
import SyncIcon from '@mui/icons-material/Sync';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { PageHeader } from '../../components/common/PageHeader';
import { ErrorAlert } from '../../components/common/ErrorAlert';
import { PagedTable } from '../../components/common/PagedTable';
import { ListFilters } from '../../components/common/ListFilters';
import { CatalogObjectRow } from './CatalogObjectRow';
import { SchemaChanges } from './SchemaChanges';
import { SchemaChip } from './SchemaChip';
import { isSyncing } from '../connections/useConnections';
import { useListParams } from '../../lib/useListParams';
import { useNotify } from '../../lib/useNotify';
import {
  useCancelSchemaSync,
  useConnection,
  useSchema,
  useSchemaChanges,
  useSyncSchema,
} from './useSchema';
import { useSession } from '../auth/useSession';
import { HealthPanel } from '../connections/HealthPanel';
import { IndexChip } from './IndexChip';
import { relativeTime } from '../../lib/relativeTime';

const FILTERS = ['search', 'schema', 'open', 'column'] as const;
const HEAD = ['Name', 'Kind', 'Columns', 'Rows', 'Comment'];

/** One connection's catalog: its tables and views with their columns, searchable, and its changes. */
export function SchemaPage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const notify = useNotify();
  const list = useListParams(FILTERS, 50);
  const { search, schema, open, column } = list.filters;
  // A catalog reader without connections:read sees the catalog and the connection's name only.
  const readsConnections = can('connections:read');
  const connection = useConnection(id, readsConnections);
  const catalog = useSchema(
    id,
    {
      page: list.page,
      pageSize: list.pageSize,
      search: search || undefined,
      schema: schema || undefined,
    },
    connection.data?.schemaIngestedAt ?? null,
  );
  const ingestedAt = connection.data?.schemaIngestedAt ?? catalog.data?.ingestedAt ?? null;
  const changes = useSchemaChanges(id, ingestedAt);
  const sync = useSyncSchema();
  const cancel = useCancelSchemaSync();

  if (connection.isError) {
    return <ErrorAlert error={connection.error} onRetry={() => void connection.refetch()} />;
  }
  const current = connection.data;
  const name = current?.name ?? catalog.data?.connectionName ?? '…';
  const syncing = current ? isSyncing(current) : false;
  const runSync = () =>
    sync.mutate(id, {
      onSuccess: () => notify(`${name}: schema sync queued`),
      onError: (error) => notify(error.message, 'error'),
    });
  const runCancel = () =>
    cancel.mutate(id, {
      onSuccess: () => notify(`${name}: schema sync cancelled`),
      onError: (error) => notify(error.message, 'error'),
    });

  const items = catalog.data?.items ?? [];
  const filtered = !!search || !!schema;
  const empty =
    !catalog.isSuccess || items.length > 0 ? null : filtered ? (
      <>
        <Typography variant="h6" component="p">
          No tables match
        </Typography>
        <Button onClick={() => list.setParams({ search: undefined, schema: undefined })}>
          Clear filters
        </Button>
      </>
    ) : (
      <>
        <Typography variant="h6" component="p">
          {ingestedAt ? 'This database has no tables or views' : 'The schema has not been read yet'}
        </Typography>
        <Typography color="text.secondary">
          {syncing
            ? 'A sync is on its way; this page fills in when it finishes.'
            : 'Sync it to list its tables, views and columns here.'}
        </Typography>
      </>
    );

  const actions = can('connections:write') && (
    <Box sx={{ display: 'flex', gap: 1 }}>
      {syncing && (
        <Button onClick={runCancel} disabled={cancel.isPending}>
          Cancel sync
        </Button>
      )}
      <Button
        variant="contained"
        startIcon={<SyncIcon />}
        onClick={runSync}
        disabled={syncing || sync.isPending || !current}
      >
        Sync now
      </Button>
    </Box>
  );

  return (
    <>
      <Breadcrumbs aria-label="breadcrumb" sx={{ mb: 1 }}>
        <Link
          component={RouterLink}
          to={readsConnections ? '/connections' : '/catalog'}
          underline="hover"
          color="inherit"
        >
          {readsConnections ? 'Connections' : 'Catalog'}
        </Link>
        {readsConnections ? (
          <Link component={RouterLink} to={`/connections/${id}`} underline="hover" color="inherit">
            {name}
          </Link>
        ) : (
          <Typography color="text.primary">{name}</Typography>
        )}
        <Typography color="text.primary">Schema</Typography>
      </Breadcrumbs>
      <PageHeader
        title={`Schema of ${name}`}
        description={
          ingestedAt
            ? `${current?.schemaMessage ? `${current.schemaMessage} — read` : 'Read'} ${new Date(ingestedAt).toLocaleString()}`
            : 'Tables, views and columns, read from the database by a background sync.'
        }
        action={actions}
      />
      {current && (
        <Box sx={{ mb: 2, display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'center' }}>
          <SchemaChip connection={current} />
          <Chip
            size="small"
            variant="outlined"
            label={
              current.nextSyncAt
                ? // Within the scheduler's round, or past it until claimed: due, not "ago".
                  Date.parse(current.nextSyncAt) - Date.now() < 60_000
                  ? 'Next sync due now'
                  : `Next sync ${relativeTime(current.nextSyncAt)}`
                : 'No scheduled sync'
            }
            title={current.nextSyncAt ? new Date(current.nextSyncAt).toLocaleString() : undefined}
          />
          {catalog.data && <IndexChip embedding={catalog.data.embedding} />}
          <Chip
            size="small"
            variant="outlined"
            color={current.aiAccess === 'off' ? 'default' : 'secondary'}
            label={`AI access: ${AI_ACCESS_LABELS[current.aiAccess]}`}
          />
          {can('connections:govern') && (
            <Typography variant="body2" color="text.secondary">
              Open a table to tag its columns: “Hidden from AI” keeps a column from assistants,
              “PII” shows it to them flagged as personal data.
            </Typography>
          )}
        </Box>
      )}
      {catalog.data?.embedding.state === 'failed' && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {catalog.data.embedding.message}
        </Alert>
      )}
      {current && <HealthPanel connectionId={id} />}
      <ListFilters
        search={search}
        onSearch={(v) => list.setFilter('search', v)}
        placeholder="Table or column name"
        select={{
          label: 'Schema',
          all: 'All schemas',
          value: catalog.data?.schemas.includes(schema) ? schema : '',
          options: (catalog.data?.schemas ?? []).map((s) => ({ value: s, label: s })),
          onChange: (v) => list.setFilter('schema', v),
        }}
      />
      {catalog.isError && (
        <ErrorAlert error={catalog.error} onRetry={() => void catalog.refetch()} />
      )}
      <Box sx={{ mb: 3 }}>
        <PagedTable
          label="Tables and views"
          columns={HEAD.length + 1}
          loading={catalog.isLoading}
          total={catalog.data?.total ?? 0}
          list={list}
          empty={empty}
          head={
            <>
              <TableCell padding="checkbox" />
              {HEAD.map((h) => (
                <TableCell key={h} align={h === 'Columns' || h === 'Rows' ? 'right' : 'left'}>
                  {h}
                </TableCell>
              ))}
            </>
          }
        >
          {items.map((object) => (
            <CatalogObjectRow
              key={`${object.schemaName}.${object.name}`}
              object={object}
              connectionId={id}
              canTag={can('connections:govern')}
              initiallyOpen={object.name === open}
              highlight={object.name === open ? column || undefined : undefined}
            />
          ))}
        </PagedTable>
      </Box>
      {changes.data && <SchemaChanges changes={changes.data} />}
    </>
  );
}
