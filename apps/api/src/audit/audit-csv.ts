import type { AuditEvent } from '@sluice/contracts';

const HEADER = [
  'time',
  'actor',
  'actor_email',
  'action',
  'resource_type',
  'resource_id',
  'resource',
  'details',
  'ip',
];

/**
 * One CSV field: quoted when it holds a quote, comma or line break, and led by an apostrophe when
 * a spreadsheet would read it as a formula (=, +, -, @, tab, carriage return).
 */
export function csvField(value: string | null): string {
  const text = value ?? '';
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Details as `key: value; key: value` (values that are not text as JSON). */
function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
}

/** The events as a CSV document (RFC 4180, CRLF line ends), header first. */
export function auditCsv(events: AuditEvent[]): string {
  const lines = [HEADER.join(',')];
  for (const e of events) {
    lines.push(
      [
        e.createdAt,
        e.actorName ?? (e.actorUserId ? null : 'system'),
        e.actorEmail,
        e.action,
        e.resourceType,
        e.resourceId,
        e.resourceName,
        detailsText(e.details),
        e.ip,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
