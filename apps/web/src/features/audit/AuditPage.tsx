import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Box, Button, Chip, TableCell, TextField, useMediaQuery, useTheme } from '@mui/material';
import DownloadOutlined from '@mui/icons-material/DownloadOutlined';
import { fetchAuditEvents } from './auditApi';
import { AuditEventRow } from './AuditEventRow';
import { ACTION_GROUPS, RESOURCE_TYPES } from './auditLabels';
import { PageHeader } from '../../components/common/PageHeader';
import { ErrorAlert } from '../../components/common/ErrorAlert';
import { FilterSelectField } from '../../components/common/ListFilters';
import { PagedTable } from '../../components/common/PagedTable';
import { useListParams } from '../../lib/useListParams';
import { withQuery } from '../../lib/apiClient';
import { useSession } from '../auth/useSession';
import { useUsers } from '../users/useUsers';

const FILTERS = ['action', 'resourceType', 'resourceId', 'actorUserId', 'from', 'to'] as const;

/** `2026-11-22` from a date input → the ISO instant the API filters on. */
const dayStart = (day: string) => (day ? new Date(`${day}T00:00:00`).toISOString() : undefined);
const dayEnd = (day: string) => (day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined);

export function AuditPage() {
  const { can } = useSession();
  const list = useListParams(FILTERS, 50);
  const { action, resourceType, resourceId, actorUserId, from, to } = list.filters;
  const filters = {
    action: action || undefined,
    resourceType: resourceType || undefined,
    resourceId: resourceId || undefined,
    actorUserId: actorUserId || undefined,
    from: dayStart(from),
    to: dayEnd(to),
  };
  const params = { page: list.page, pageSize: list.pageSize, ...filters };
  const events = useQuery({
    queryKey: ['audit', params],
    queryFn: () => fetchAuditEvents(params),
    placeholderData: keepPreviousData,
  });
  const readsUsers = can('users:read');
  const users = useUsers({ page: 1, pageSize: 100 }, readsUsers);
  const compact = useMediaQuery(useTheme().breakpoints.down('sm'));
  const exportUrl = `/api${withQuery('/audit-events/export', filters)}`;

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what, when and from where. Entries cannot be changed or deleted."
        action={
          <Button
            variant="outlined"
            startIcon={<DownloadOutlined />}
            href={exportUrl}
            download="sluice-audit.csv"
          >
            Export CSV
          </Button>
        }
      />
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, mb: 2, alignItems: 'center' }}>
        <FilterSelectField
          select={{
            label: 'Actions',
            all: 'All actions',
            value: ACTION_GROUPS.some((g) => g.value === action) ? action : '',
            options: ACTION_GROUPS,
            onChange: (v) => list.setFilter('action', v),
          }}
        />
        {readsUsers && (
          <FilterSelectField
            select={{
              label: 'User',
              all: 'Everyone',
              value: users.data?.items.some((u) => u.id === actorUserId) ? actorUserId : '',
              options: (users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })),
              onChange: (v) => list.setFilter('actorUserId', v),
            }}
          />
        )}
        <FilterSelectField
          select={{
            label: 'Resource',
            all: 'Any resource',
            value: RESOURCE_TYPES.some((r) => r.value === resourceType) ? resourceType : '',
            options: RESOURCE_TYPES,
            onChange: (v) =>
              list.setParams({ resourceType: v || undefined, resourceId: undefined }),
          }}
        />
        <TextField
          size="small"
          type="date"
          label="From"
          value={from}
          onChange={(e) => list.setFilter('from', e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          size="small"
          type="date"
          label="To"
          value={to}
          onChange={(e) => list.setFilter('to', e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        {action && !ACTION_GROUPS.some((g) => g.value === action) && (
          <Chip label={`Action ${action}`} onDelete={() => list.setFilter('action', '')} />
        )}
        {resourceId && (
          <Chip
            label={`Only ${events.data?.items[0]?.resourceName ?? resourceId}`}
            onDelete={() => list.setFilter('resourceId', '')}
          />
        )}
      </Box>
      {events.isError && <ErrorAlert error={events.error} onRetry={() => void events.refetch()} />}
      <PagedTable
        label="Audit events"
        columns={6}
        loading={events.isLoading}
        empty={events.data && events.data.items.length === 0 ? 'No events match' : null}
        total={events.data?.total ?? 0}
        list={list}
        head={
          compact ? (
            <TableCell>Event</TableCell>
          ) : (
            <>
              <TableCell>When</TableCell>
              <TableCell>Who</TableCell>
              <TableCell>What</TableCell>
              <TableCell>Resource</TableCell>
              <TableCell>Details</TableCell>
              <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>Address</TableCell>
            </>
          )
        }
      >
        {events.data?.items.map((event) => (
          <AuditEventRow key={event.id} event={event} compact={compact} />
        ))}
      </PagedTable>
    </>
  );
}
