import { Box, Button, Typography } from '@mui/material';
import ContentCopy from '@mui/icons-material/ContentCopy';
import Download from '@mui/icons-material/Download';
import type { QueryResult } from '@sluice/contracts';
import { useNotify } from '../../lib/useNotify';
import { toCsv } from './csv';

/** The result's size and time, and its rows as CSV to copy or download. */
export function ResultActions({ result, name }: { result: QueryResult; name: string }) {
  const notify = useNotify();
  const csv = () => toCsv(result.columns, result.rows);
  const download = () => {
    const url = URL.createObjectURL(new Blob([csv()], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${name.replace(/[^\w.-]+/g, '_')}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
      <Typography variant="body2" sx={{ flexGrow: 1 }}>
        {result.rowCount.toLocaleString()} {result.rowCount === 1 ? 'row' : 'rows'} ·{' '}
        {result.elapsedMs} ms
        {typeof result.affectedRows === 'number' &&
          ` · ${result.affectedRows.toLocaleString()} changed`}
      </Typography>
      <Button
        size="small"
        startIcon={<ContentCopy />}
        onClick={() =>
          void navigator.clipboard?.writeText(csv()).then(() => notify('Copied the rows as CSV'))
        }
      >
        Copy CSV
      </Button>
      <Button size="small" startIcon={<Download />} onClick={download}>
        Download CSV
      </Button>
    </Box>
  );
}
