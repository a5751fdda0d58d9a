import { useState } from 'react';
import { Box } from '@mui/material';
import type { QueryColumn, QueryValue } from '@sluice/contracts';

const ROW_HEIGHT = 30;
const HEIGHT = 420;
const OVERSCAN = 10;

function shown(value: QueryValue): string {
  if (value === null) return 'NULL';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * The rows, virtualised: only the rows in view (and a few around them) are in the page, so
 * 10,000 rows scroll as smoothly as 10.
 */
export function ResultsGrid({ columns, rows }: { columns: QueryColumn[]; rows: QueryValue[][] }) {
  const [top, setTop] = useState(0);
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((top + HEIGHT) / ROW_HEIGHT) + OVERSCAN);
  const cellSx = {
    px: 1.5,
    height: ROW_HEIGHT,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    maxWidth: 360,
    borderBottom: 1,
    borderColor: 'divider',
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
    fontSize: 13,
  } as const;
  return (
    <Box
      role="region"
      aria-label="Results"
      tabIndex={0}
      onScroll={(e) => setTop(e.currentTarget.scrollTop)}
      sx={{ height: HEIGHT, overflow: 'auto', border: 1, borderColor: 'divider', borderRadius: 1 }}
    >
      <Box
        component="table"
        aria-rowcount={rows.length + 1}
        sx={{ borderCollapse: 'separate', borderSpacing: 0, minWidth: '100%' }}
      >
        <thead>
          <tr>
            <Box
              component="th"
              sx={{
                ...cellSx,
                position: 'sticky',
                top: 0,
                bgcolor: 'background.paper',
                color: 'text.secondary',
                textAlign: 'right',
                zIndex: 1,
              }}
            >
              #
            </Box>
            {columns.map((c, i) => (
              <Box
                component="th"
                key={i}
                title={c.type}
                sx={{
                  ...cellSx,
                  position: 'sticky',
                  top: 0,
                  bgcolor: 'background.paper',
                  textAlign: 'left',
                  zIndex: 1,
                }}
              >
                {c.name}
                <Box component="span" sx={{ color: 'text.secondary', fontWeight: 400, ml: 1 }}>
                  {c.type}
                </Box>
              </Box>
            ))}
          </tr>
        </thead>
        <tbody>
          {first > 0 && <tr style={{ height: first * ROW_HEIGHT }} aria-hidden />}
          {rows.slice(first, last).map((row, i) => (
            <tr key={first + i} aria-rowindex={first + i + 2}>
              <Box component="td" sx={{ ...cellSx, color: 'text.secondary', textAlign: 'right' }}>
                {first + i + 1}
              </Box>
              {row.map((value, j) => (
                <Box
                  component="td"
                  key={j}
                  title={shown(value)}
                  sx={{ ...cellSx, color: value === null ? 'text.disabled' : 'text.primary' }}
                >
                  {shown(value)}
                </Box>
              ))}
            </tr>
          ))}
          {last < rows.length && (
            <tr style={{ height: (rows.length - last) * ROW_HEIGHT }} aria-hidden />
          )}
        </tbody>
      </Box>
    </Box>
  );
}
