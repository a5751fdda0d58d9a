import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Box, Chip, TableCell, TableRow, TextField, Typography } from '@mui/material';
import { fetchAuditEvents } from './auditApi';
import { PageHeader } from '../../components/common/PageHeader';
import { ErrorAlert } from '../../components/common/ErrorAlert';
import { SearchField } from '../../components/common/SearchField';
import { PagedTable } from '../../components/common/PagedTable';
import { useListParams } from '../../lib/useListParams';

const FILTERS = ['action', 'resourceType', 'actorUserId', 'from', 'to'] as const;

/** `2026-11-22` from a date input → the ISO instant the API filters on. */
const dayStart = (day: string) => (day ? new Date(`${day}T00:00:00`).toISOString() : undefined);
const dayEnd = (day: string) => (day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined);

export function AuditPage() {
  const list = useListParams(FILTERS, 50);
  const { action, resourceType, actorUserId, from, to } = list.filters;
  const params = {
    page: list.page,
    pageSize: list.pageSize,
    action: action || undefined,
    resourceType: resourceType || undefined,
    actorUserId: actorUserId || undefined,
    from: dayStart(from),
    to: dayEnd(to),
  };
  const events = useQuery({
    queryKey: ['audit', params],
    queryFn: () => fetchAuditEvents(params),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what, when and from where. Entries cannot be changed or deleted."
      />
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, mb: 2 }}>
        <SearchField
          label="Action"
          value={action}
          onChange={(v) => list.setFilter('action', v)}
          placeholder="e.g. connections:create"
        />
        <Chip
          label="AI assistant calls"
          color={action === 'ai:tool_call' ? 'primary' : 'default'}
          variant={action === 'ai:tool_call' ? 'filled' : 'outlined'}
          onClick={() => list.setFilter('action', action === 'ai:tool_call' ? '' : 'ai:tool_call')}
          sx={{ alignSelf: 'center' }}
        />
        <TextField
          size="small"
          label="Resource type"
          value={resourceType}
          onChange={(e) => list.setFilter('resourceType', e.target.value)}
        />
        <TextField
          size="small"
          label="Actor user id"
          value={actorUserId}
          onChange={(e) => list.setFilter('actorUserId', e.target.value)}
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
          <>
            <TableCell>When</TableCell>
            <TableCell>Actor</TableCell>
            <TableCell>Action</TableCell>
            <TableCell>Resource</TableCell>
            <TableCell>Details</TableCell>
            <TableCell>Address</TableCell>
          </>
        }
      >
        {events.data?.items.map((event) => (
          <TableRow key={event.id}>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              {new Date(event.createdAt).toLocaleString()}
            </TableCell>
            <TableCell>{event.actorEmail ?? 'system'}</TableCell>
            <TableCell>
              <code>{event.action}</code>
            </TableCell>
            <TableCell>
              {event.resourceType}
              {event.resourceId && (
                <Typography variant="caption" component="div" color="text.secondary">
                  {event.resourceId}
                </Typography>
              )}
            </TableCell>
            <TableCell sx={{ maxWidth: 360, overflowWrap: 'anywhere' }}>
              <code>{Object.keys(event.details).length ? JSON.stringify(event.details) : ''}</code>
            </TableCell>
            <TableCell>{event.ip}</TableCell>
          </TableRow>
        ))}
      </PagedTable>
    </>
  );
}
