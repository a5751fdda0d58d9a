import { Box, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { CATALOG_OBJECT_KINDS } from '@sluice/contracts';
import { ErrorAlert } from '../../components/common/ErrorAlert';
import { FilterSelectField } from '../../components/common/ListFilters';
import { PageHeader } from '../../components/common/PageHeader';
import { Pagination } from '../../components/common/Pagination';
import { SearchField } from '../../components/common/SearchField';
import { useListParams } from '../../lib/useListParams';
import { useCatalogConnections, useCatalogContext, useCatalogSearch } from './useSchema';
import { CatalogAnswer } from './CatalogAnswer';
import { KIND_LABELS } from './catalogLinks';
import { SearchResults } from './SearchResults';

const FILTERS = ['q', 'mode', 'connectionId', 'schema', 'kind'] as const;

/**
 * Search every catalog at once: by table and column names, comments and meaning, best first,
 * page by page with the total; or ask in plain words for the tables a question needs, as DDL.
 */
export function CatalogPage() {
  const list = useListParams(FILTERS, 20);
  const { q, mode, connectionId, schema, kind } = list.filters;
  const ask = mode === 'ask';
  const connections = useCatalogConnections();
  const known = connections.data ?? [];
  const chosen = known.find((c) => c.id === connectionId);
  const schemas = chosen
    ? chosen.schemas
    : [...new Set(known.flatMap((c) => c.schemas))].sort((a, b) => a.localeCompare(b));
  const results = useCatalogSearch({
    q: ask ? '' : q,
    page: list.page,
    pageSize: list.pageSize,
    connectionId: chosen?.id,
    schema: schemas.includes(schema) ? schema : undefined,
    kind: (CATALOG_OBJECT_KINDS as readonly string[]).includes(kind) ? kind : undefined,
  });
  const answer = useCatalogContext(q, ask);
  const hits = results.data?.data ?? [];
  const meta = results.data?.meta;
  const short = q.trim().length < 2;
  const failed = ask ? answer : results;
  const filtered = !!chosen || !!schema || !!kind;
  return (
    <>
      <PageHeader
        title="Catalog"
        description="Find a table or column in every database Sluice has read, by name, comment or meaning; or ask in plain words for the tables a question needs."
      />
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'center', mb: 2 }}>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={ask ? 'ask' : 'search'}
          onChange={(_, value: string | null) =>
            value && list.setFilter('mode', value === 'ask' ? 'ask' : '')
          }
          aria-label="How to search"
        >
          <ToggleButton value="search">Search names</ToggleButton>
          <ToggleButton value="ask">Ask in plain words</ToggleButton>
        </ToggleButtonGroup>
        <SearchField
          label={ask ? 'Your question' : 'Search the catalog'}
          value={q}
          placeholder={ask ? 'How much did customers pay last month?' : 'customer, email, invoice…'}
          onChange={(v) => list.setFilter('q', v)}
          wide={ask}
        />
      </Box>
      {!ask && (
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
          <FilterSelectField
            select={{
              label: 'Connection',
              all: 'All connections',
              value: chosen?.id ?? '',
              options: known.map((c) => ({ value: c.id, label: c.name })),
              onChange: (v) => list.setParams({ connectionId: v || undefined, schema: undefined }),
            }}
          />
          <FilterSelectField
            select={{
              label: 'Schema',
              all: 'All schemas',
              value: schemas.includes(schema) ? schema : '',
              options: schemas.map((s) => ({ value: s, label: s })),
              onChange: (v) => list.setFilter('schema', v),
            }}
          />
          <FilterSelectField
            select={{
              label: 'Kind',
              all: 'Tables and views',
              value: (CATALOG_OBJECT_KINDS as readonly string[]).includes(kind) ? kind : '',
              options: CATALOG_OBJECT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] })),
              onChange: (v) => list.setFilter('kind', v),
            }}
          />
        </Box>
      )}
      {failed.isError && <ErrorAlert error={failed.error} onRetry={() => void failed.refetch()} />}
      {short ? (
        <Typography color="text.secondary" sx={{ mt: 2 }}>
          {ask
            ? 'Ask a question about your data: Sluice finds the tables that answer it.'
            : 'Type at least two characters.'}
        </Typography>
      ) : ask ? (
        answer.data && <CatalogAnswer context={answer.data} question={q.trim()} />
      ) : results.isSuccess && meta?.total === 0 ? (
        <Typography sx={{ mt: 2 }}>
          Nothing matches “{q.trim()}”{filtered ? ' with these filters' : ''}.
        </Typography>
      ) : (
        meta && (
          <>
            <Typography role="status" sx={{ mt: 2 }}>
              {meta.totalIsLowerBound ? 'At least ' : ''}
              {meta.total.toLocaleString()}{' '}
              {meta.total === 1 ? 'table or view matches' : 'tables and views match'} “{q.trim()}”
            </Typography>
            <SearchResults hits={hits} query={q.trim()} />
            <Pagination
              total={Math.min(meta.total, 400)}
              page={list.page}
              pageSize={list.pageSize}
              onPage={list.setPage}
              onPageSize={list.setPageSize}
            />
            {meta.total > 400 && (
              <Typography variant="body2" color="text.secondary">
                Pages go as far as the 400 best: add words or a filter to reach the others.
              </Typography>
            )}
          </>
        )
      )}
    </>
  );
}
