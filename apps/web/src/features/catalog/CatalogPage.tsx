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
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import type { CatalogSearchHit } from '@sluice/contracts';
import { ErrorAlert } from '../../components/common/ErrorAlert';
import { PageHeader } from '../../components/common/PageHeader';
import { SearchField } from '../../components/common/SearchField';
import { DB_TYPE_CONFIG } from '../connections/dbTypeConfig';
import { KIND_LABELS } from './CatalogObjectRow';
import { useCatalogSearch } from './useSchema';

const MATCHED: Record<CatalogSearchHit['matched'], string> = {
  table: 'Table name',
  column: 'Column name',
  comment: 'Comment',
};

const browseUrl = (hit: CatalogSearchHit) =>
  `/connections/${hit.connectionId}/schema?search=${encodeURIComponent(hit.objectName)}&schema=${encodeURIComponent(hit.schemaName)}`;

/** Search every catalog at once: table and column names and comments, best matches first. */
export function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const results = useCatalogSearch(q);
  const hits = results.data ?? [];
  const short = q.trim().length < 2;
  return (
    <>
      <PageHeader
        title="Catalog"
        description="Find a table or column in every database Sluice has read: by name, or by the words of its comments."
      />
      <SearchField
        label="Search the catalog"
        value={q}
        placeholder="customer, email, invoice…"
        onChange={(v) => setParams(v ? { q: v } : {}, { replace: true })}
      />
      {results.isError && (
        <ErrorAlert error={results.error} onRetry={() => void results.refetch()} />
      )}
      {short ? (
        <Typography color="text.secondary" sx={{ mt: 2 }}>
          Type at least two characters.
        </Typography>
      ) : results.isSuccess && hits.length === 0 ? (
        <Typography sx={{ mt: 2 }}>Nothing matches “{q.trim()}”.</Typography>
      ) : (
        <TableContainer component={Paper} variant="outlined" sx={{ mt: 2 }}>
          <Table size="small" aria-label="Catalog search results">
            <TableHead>
              <TableRow>
                <TableCell>Table or view</TableCell>
                <TableCell>Column</TableCell>
                <TableCell>Connection</TableCell>
                <TableCell>Matched</TableCell>
                <TableCell>Comment</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {hits.map((hit) => (
                <TableRow
                  key={`${hit.connectionId}.${hit.schemaName}.${hit.objectName}.${hit.columnName ?? ''}.${hit.matched}`}
                  hover
                >
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>
                    <Link component={RouterLink} to={browseUrl(hit)}>
                      {hit.schemaName}.{hit.objectName}
                    </Link>{' '}
                    <Typography component="span" variant="caption" color="text.secondary">
                      {KIND_LABELS[hit.objectKind]}
                    </Typography>
                  </TableCell>
                  <TableCell sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
                    {hit.columnName ? `${hit.columnName} ${hit.dataType ?? ''}` : '—'}
                  </TableCell>
                  <TableCell>
                    {hit.connectionName}{' '}
                    <Chip
                      size="small"
                      variant="outlined"
                      color={DB_TYPE_CONFIG[hit.dbType].color}
                      label={DB_TYPE_CONFIG[hit.dbType].label}
                    />
                  </TableCell>
                  <TableCell>{MATCHED[hit.matched]}</TableCell>
                  <TableCell sx={{ overflowWrap: 'anywhere', color: 'text.secondary' }}>
                    {hit.comment ?? ''}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </>
  );
}
