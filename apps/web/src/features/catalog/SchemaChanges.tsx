import { Box, Paper, Typography } from '@mui/material';
import type { SchemaChange } from '@sluice/contracts';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function summary(change: SchemaChange): string {
  const c = change.counts;
  return [
    c.tablesAdded && `${plural(c.tablesAdded, 'table')} added`,
    c.tablesRemoved && `${plural(c.tablesRemoved, 'table')} removed`,
    c.columnsAdded && `${plural(c.columnsAdded, 'column')} added`,
    c.columnsRemoved && `${plural(c.columnsRemoved, 'column')} removed`,
    c.columnsChanged && `${plural(c.columnsChanged, 'column')} changed type`,
  ]
    .filter(Boolean)
    .join(', ');
}

function lines(change: SchemaChange): string[] {
  return [
    ...change.tablesAdded.map((t) => `+ ${t}`),
    ...change.tablesRemoved.map((t) => `− ${t}`),
    ...change.columnsAdded.map((c) => `+ ${c.table}.${c.column} ${c.dataType}`),
    ...change.columnsRemoved.map((c) => `− ${c.table}.${c.column} ${c.dataType}`),
    ...change.columnsChanged.map(
      (c) => `~ ${c.table}.${c.column} ${c.previousDataType ?? ''} → ${c.dataType}`,
    ),
  ];
}

/** What each recent sync found different, newest first. */
export function SchemaChanges({ changes }: { changes: SchemaChange[] }) {
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Recent schema changes">
      <Typography variant="h6" component="h2" gutterBottom>
        Recent changes
      </Typography>
      {changes.length === 0 ? (
        <Typography color="text.secondary">
          No changes yet: each sync that finds tables or columns added, removed or retyped is listed
          here.
        </Typography>
      ) : (
        changes.slice(0, 10).map((change) => (
          <Box key={change.id} sx={{ mb: 2 }}>
            <Typography variant="subtitle2">
              {new Date(change.syncedAt).toLocaleString()}: {summary(change)}
            </Typography>
            <Box
              component="pre"
              sx={{ m: 0, fontSize: '0.8rem', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
            >
              {lines(change).join('\n')}
              {change.truncated && '\n… and more (the counts above are complete)'}
            </Box>
          </Box>
        ))
      )}
    </Paper>
  );
}
