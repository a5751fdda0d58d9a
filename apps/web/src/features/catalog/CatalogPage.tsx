import { Box, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../components/common/ErrorAlert';
import { PageHeader } from '../../components/common/PageHeader';
import { SearchField } from '../../components/common/SearchField';
import { useCatalogContext, useCatalogSearch } from './useSchema';
import { CatalogAnswer } from './CatalogAnswer';
import { SearchResults } from './SearchResults';
import { SEARCH_LIMIT } from './catalogApi';

/**
 * Search every catalog at once: by table and column names, comments and meaning, best first;
 * or ask in plain words for the tables a question needs, as DDL.
 */
export function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const ask = params.get('mode') === 'ask';
  const results = useCatalogSearch(ask ? '' : q);
  const answer = useCatalogContext(q, ask);
  const hits = results.data ?? [];
  const short = q.trim().length < 2;
  const failed = ask ? answer : results;
  const setQuery = (value: string, asking = ask) =>
    setParams({ ...(value && { q: value }), ...(asking && { mode: 'ask' }) }, { replace: true });
  return (
    <>
      <PageHeader
        title="Catalog"
        description="Find a table or column in every database Sluice has read, by name, comment or meaning; or ask in plain words for the tables a question needs."
      />
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'center' }}>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={ask ? 'ask' : 'search'}
          onChange={(_, value: string | null) => value && setQuery(q, value === 'ask')}
          aria-label="How to search"
        >
          <ToggleButton value="search">Search names</ToggleButton>
          <ToggleButton value="ask">Ask in plain words</ToggleButton>
        </ToggleButtonGroup>
        <SearchField
          label={ask ? 'Your question' : 'Search the catalog'}
          value={q}
          placeholder={ask ? 'How much did customers pay last month?' : 'customer, email, invoice…'}
          onChange={(v) => setQuery(v)}
          wide={ask}
        />
      </Box>
      {failed.isError && <ErrorAlert error={failed.error} onRetry={() => void failed.refetch()} />}
      {short ? (
        <Typography color="text.secondary" sx={{ mt: 2 }}>
          {ask
            ? 'Ask a question about your data: Sluice finds the tables that answer it.'
            : 'Type at least two characters.'}
        </Typography>
      ) : ask ? (
        answer.data && <CatalogAnswer context={answer.data} question={q.trim()} />
      ) : results.isSuccess && hits.length === 0 ? (
        <Typography sx={{ mt: 2 }}>Nothing matches “{q.trim()}”.</Typography>
      ) : (
        <SearchResults hits={hits} query={q.trim()} />
      )}
      {!ask && !short && hits.length >= SEARCH_LIMIT && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          The {SEARCH_LIMIT} best matches are shown: add words to narrow the search.
        </Typography>
      )}
    </>
  );
}
