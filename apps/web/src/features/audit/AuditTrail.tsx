import { useQuery } from '@tanstack/react-query';
import {
  Link,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  useMediaQuery,
  useTheme,
} from '@mui/material';
import { Link as RouterLink } from 'react-router-dom';
import { withQuery } from '../../lib/apiClient';
import { fetchAuditEvents } from './auditApi';
import { AuditEventRow } from './AuditEventRow';

const RECENT = 10;

/** A resource's latest audit events, and a link to all of them in the audit log. */
export function AuditTrail({
  resourceType,
  resourceId,
  revision,
}: {
  resourceType: string;
  resourceId: string;
  /** Changes whenever the resource does, so the trail is read again. */
  revision: string;
}) {
  const compact = useMediaQuery(useTheme().breakpoints.down('md'));
  const params = { page: 1, pageSize: RECENT, resourceType, resourceId };
  const events = useQuery({
    queryKey: ['audit', params, revision],
    queryFn: () => fetchAuditEvents(params),
  });
  if (!events.data) return null;
  if (events.data.items.length === 0) {
    return <Typography color="text.secondary">Nothing recorded yet.</Typography>;
  }
  return (
    <>
      <Table size="small" aria-label="Recent activity" sx={{ tableLayout: 'auto' }}>
        <TableHead>
          <TableRow>
            {(compact ? ['Event'] : ['When', 'Who', 'What', 'Details']).map((h) => (
              <TableCell key={h}>{h}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {events.data.items.map((event) => (
            <AuditEventRow
              key={event.id}
              event={event}
              showResource={false}
              showAddress={false}
              compact={compact}
            />
          ))}
        </TableBody>
      </Table>
      {events.data.total > RECENT && (
        <Link
          component={RouterLink}
          to={withQuery('/audit', { resourceType, resourceId })}
          sx={{ display: 'inline-block', mt: 1 }}
        >
          All {events.data.total} events in the audit log
        </Link>
      )}
    </>
  );
}
