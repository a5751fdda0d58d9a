import {
  Chip,
  Link,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { Link as RouterLink } from 'react-router-dom';
import type { CatalogSearchHit, MatchReason } from '@sluice/contracts';
import { DB_TYPE_CONFIG } from '../connections/dbTypeConfig';
import { KIND_LABELS, tableUrl } from './catalogLinks';
import { MatchReasons } from './MatchReasons';

/** One table or view with every hit of it: its matched columns, and every reason. */
interface ObjectResult {
  key: string;
  first: CatalogSearchHit;
  columns: CatalogSearchHit[];
  reasons: MatchReason[];
  comment: string | null;
}

/** Hits grouped by table, in the order of each table's best hit. */
export function groupByObject(hits: CatalogSearchHit[]): ObjectResult[] {
  const groups = new Map<string, ObjectResult>();
  for (const hit of hits) {
    const key = `${hit.connectionId}.${hit.schemaName}.${hit.objectName}`;
    const group = groups.get(key) ?? { key, first: hit, columns: [], reasons: [], comment: null };
    if (hit.columnName) group.columns.push(hit);
    else group.comment ??= hit.comment;
    for (const r of hit.reasons) if (!group.reasons.includes(r)) group.reasons.push(r);
    groups.set(key, group);
  }
  for (const g of groups.values()) g.comment ??= g.columns.find((c) => c.comment)?.comment ?? null;
  return [...groups.values()];
}

/** `text` with each of the query's words marked where it appears. */
export function Highlighted({ text, query }: { text: string; query: string }) {
  const words = query
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (words.length === 0) return <>{text}</>;
  const parts = text.split(new RegExp(`(${words.join('|')})`, 'giu'));
  return <>{parts.map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : part))}</>;
}

/** One row per table or view: its matched columns (matches marked), connection, and why. */
export function SearchResults({ hits, query }: { hits: CatalogSearchHit[]; query: string }) {
  return (
    <TableContainer component={Paper} variant="outlined" sx={{ mt: 2 }}>
      <Table size="small" aria-label="Catalog search results">
        <TableHead>
          <TableRow>
            <TableCell>Table or view</TableCell>
            <TableCell>Matching columns</TableCell>
            <TableCell>Connection</TableCell>
            <TableCell>Matched</TableCell>
            <TableCell>Comment</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {groupByObject(hits).map(({ key, first, columns, reasons, comment }) => (
            <TableRow key={key} hover>
              <TableCell sx={{ overflowWrap: 'anywhere' }}>
                <Link
                  component={RouterLink}
                  to={tableUrl(
                    first.connectionId,
                    first.schemaName,
                    first.objectName,
                    columns[0]?.columnName,
                  )}
                >
                  {first.schemaName}.<Highlighted text={first.objectName} query={query} />
                </Link>{' '}
                <Typography component="span" variant="caption" color="text.secondary">
                  {KIND_LABELS[first.objectKind]}
                </Typography>
              </TableCell>
              <TableCell sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
                {columns.length === 0
                  ? '—'
                  : columns.map((c) => (
                      <div key={c.columnName}>
                        <Highlighted text={c.columnName ?? ''} query={query} /> {c.dataType ?? ''}
                      </div>
                    ))}
              </TableCell>
              <TableCell>
                {first.connectionName}{' '}
                <Chip
                  size="small"
                  variant="outlined"
                  color={DB_TYPE_CONFIG[first.dbType].color}
                  label={DB_TYPE_CONFIG[first.dbType].label}
                />
              </TableCell>
              <TableCell>
                <MatchReasons reasons={reasons} />
              </TableCell>
              <TableCell sx={{ overflowWrap: 'anywhere', color: 'text.secondary' }}>
                {comment && <Highlighted text={comment} query={query} />}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
