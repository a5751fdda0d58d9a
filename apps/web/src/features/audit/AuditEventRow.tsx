import { Link, TableCell, TableRow, Tooltip, Typography } from '@mui/material';
import { Link as RouterLink } from 'react-router-dom';
import type { AuditEvent } from '@sluice/contracts';
import { AuditDetails } from './AuditDetails';
import { actionLabel, resourceTypeLabel } from './auditLabels';

/** Where a resource of this type lives in the UI, when it has a page. */
const pageOf = (e: AuditEvent) =>
  e.resourceType === 'connection' && e.resourceId ? `/connections/${e.resourceId}` : null;

/** One event as a person reads it: when, who, what, on what, and the details as a list. */
export function AuditEventRow({
  event,
  showResource = true,
  showAddress = true,
  compact = false,
}: {
  event: AuditEvent;
  showResource?: boolean;
  showAddress?: boolean;
  /** One cell with the event stacked in lines, for narrow screens. */
  compact?: boolean;
}) {
  const page = pageOf(event);
  const resource = event.resourceName ?? event.resourceId ?? '';
  const actor = event.actorUserId
    ? (event.actorName ?? event.actorEmail ?? 'deleted user')
    : 'system';
  if (compact) {
    return (
      <TableRow>
        <TableCell colSpan={6}>
          <Typography variant="body2" color="text.secondary">
            <time dateTime={event.createdAt}>{new Date(event.createdAt).toLocaleString()}</time>
            {` · ${actor}`}
          </Typography>
          <Typography variant="body2" sx={{ fontWeight: 600 }}>
            {actionLabel(event.action)}
            {showResource && resource && (
              <>
                {': '}
                {page ? (
                  <Link component={RouterLink} to={page} underline="hover">
                    {resource}
                  </Link>
                ) : (
                  resource
                )}
              </>
            )}
          </Typography>
          <AuditDetails details={event.details} omit={event.resourceName ? ['name'] : []} />
        </TableCell>
      </TableRow>
    );
  }
  return (
    <TableRow sx={{ verticalAlign: 'top' }}>
      <TableCell sx={{ whiteSpace: { sm: 'nowrap' } }}>
        <time dateTime={event.createdAt}>{new Date(event.createdAt).toLocaleString()}</time>
      </TableCell>
      <TableCell sx={{ overflowWrap: 'break-word' }}>
        {event.actorUserId ? (
          <Tooltip describeChild title={`${event.actorEmail ?? ''} (${event.actorUserId})`}>
            <span tabIndex={0}>{actor}</span>
          </Tooltip>
        ) : (
          'system'
        )}
      </TableCell>
      <TableCell>
        {actionLabel(event.action)}
        <Typography variant="caption" component="div" color="text.secondary">
          {event.action}
        </Typography>
      </TableCell>
      {showResource && (
        <TableCell sx={{ overflowWrap: 'anywhere' }}>
          <Typography variant="caption" component="div" color="text.secondary">
            {resourceTypeLabel(event.resourceType)}
          </Typography>
          <Tooltip describeChild title={event.resourceId ?? ''}>
            {page ? (
              <Link component={RouterLink} to={page} underline="hover">
                {resource}
              </Link>
            ) : (
              <span tabIndex={event.resourceId ? 0 : -1}>{resource}</span>
            )}
          </Tooltip>
        </TableCell>
      )}
      <TableCell sx={{ minWidth: 180, maxWidth: 420 }}>
        <AuditDetails details={event.details} omit={event.resourceName ? ['name'] : []} />
      </TableCell>
      {showAddress && (
        <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>{event.ip}</TableCell>
      )}
    </TableRow>
  );
}
