import { Box, Typography } from '@mui/material';
import {
  AI_ACCESS_LABELS,
  HEALTH_CHECK_LABELS,
  isSyncSchedulePreset,
  PURPOSE_LABELS,
  SYNC_SCHEDULE_LABELS,
  type Connection,
} from '@sluice/contracts';
import { DB_TYPE_CONFIG } from './dbTypeConfig';

const when = (iso: string) => new Date(iso).toLocaleString();

/** Option values as text: lists joined, booleans as yes/no; never a secret (the API returns none). */
function optionText(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${optionText(v)}`)
      .join('; ');
  }
  const text = String(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/** A connection's settings as a definition list: where it points, how it is used, who made it. */
export function ConnectionSettings({ connection: c }: { connection: Connection }) {
  const rows: [string, string | null][] = [
    ['Type', DB_TYPE_CONFIG[c.dbType].label],
    ['Host', c.host ? `${c.host}:${c.port ?? ''}` : null],
    ['Database', c.databaseName],
    ['User', c.username],
    ['Password', c.hasCredential ? 'stored, encrypted' : 'none stored'],
    ['Write credential', c.hasWriteCredential ? `${c.writeUsername ?? 'set'} (encrypted)` : null],
    ['TLS', c.useSsl ? 'on' : 'off'],
    [
      'SSH tunnel',
      c.sshTunnel
        ? `${c.sshTunnel.username}@${c.sshTunnel.host}:${c.sshTunnel.port}${c.sshTunnel.hostKeyFingerprint ? `, host key ${c.sshTunnel.hostKeyFingerprint}` : ''}`
        : null,
    ],
    ...Object.entries(c.options).map(([key, value]): [string, string] => [
      `Option ${key}`,
      optionText(value),
    ]),
    ['Purpose', c.purpose ? PURPOSE_LABELS[c.purpose] : null],
    ['AI access', AI_ACCESS_LABELS[c.aiAccess]],
    [
      'Schema sync',
      isSyncSchedulePreset(c.syncSchedule) ? SYNC_SCHEDULE_LABELS[c.syncSchedule] : c.syncSchedule,
    ],
    ['Health checks', HEALTH_CHECK_LABELS[c.healthCheckInterval]],
    ['Managed by', c.provisionedFrom],
    ['Created', `${when(c.createdAt)}${c.createdByName ? ` by ${c.createdByName}` : ''}`],
    ['Last changed', `${when(c.updatedAt)}${c.updatedByName ? ` by ${c.updatedByName}` : ''}`],
  ];
  return (
    <Box
      component="dl"
      sx={{ m: 0, display: 'grid', gridTemplateColumns: 'minmax(96px, auto) 1fr', gap: 0.5 }}
    >
      {rows
        .filter((row): row is [string, string] => row[1] !== null && row[1] !== '')
        .map(([label, value]) => (
          <Box key={label} sx={{ display: 'contents' }}>
            <Typography component="dt" variant="body2" color="text.secondary" sx={{ pr: 2 }}>
              {label}
            </Typography>
            <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
              {value}
            </Typography>
          </Box>
        ))}
    </Box>
  );
}
