import { Box, Typography } from '@mui/material';

/** Words for the detail keys events carry most often; any other key is shown as it is. */
const KEY_LABELS: Record<string, string> = {
  changedFields: 'Changed',
  name: 'Name',
  success: 'Result',
  errorCode: 'Code',
  outcome: 'Outcome',
  rowCount: 'Rows',
  sql: 'SQL',
  reason: 'Reason',
  via: 'Via',
  file: 'File',
  fingerprint: 'Host key',
  email: 'Email',
  role: 'Role',
  jobId: 'Job',
  tables: 'Tables',
  columns: 'Columns',
  attempt: 'Attempt',
  changes: 'Changes',
  durationMs: 'Duration',
  latencyMs: 'Latency',
  elapsedMs: 'Elapsed',
  tokenId: 'API token',
};

/** A value in a few words: lists joined, booleans and objects spelled out, long text cut. */
export function detailText(key: string, value: unknown): string {
  if (key === 'success' && typeof value === 'boolean') return value ? 'passed' : 'failed';
  if (key.endsWith('Ms') && typeof value === 'number') return `${value.toLocaleString()} ms`;
  if (Array.isArray(value)) return value.map((v) => detailText('', v)).join(', ');
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k} ${detailText(k, v)}`)
      .join(', ');
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export const detailLabel = (key: string) => KEY_LABELS[key] ?? key;

/** An event's details as a short list of "label: value" lines, never raw JSON. */
export function AuditDetails({
  details,
  omit = [],
}: {
  details: Record<string, unknown>;
  omit?: string[];
}) {
  const entries = Object.entries(details).filter(([key]) => !omit.includes(key));
  if (entries.length === 0) return null;
  return (
    <Box component="dl" sx={{ m: 0, display: 'grid', gridTemplateColumns: 'auto 1fr', gap: 0.25 }}>
      {entries.map(([key, value]) => (
        <Box key={key} sx={{ display: 'contents' }}>
          <Typography component="dt" variant="body2" color="text.secondary" sx={{ pr: 1 }}>
            {detailLabel(key)}
          </Typography>
          <Typography
            component="dd"
            variant="body2"
            sx={{
              m: 0,
              overflowWrap: 'anywhere',
              fontFamily: key === 'sql' ? 'monospace' : undefined,
            }}
          >
            {detailText(key, value)}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
