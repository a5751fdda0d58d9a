import { Box, Card, CardContent, Chip, Link, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router-dom';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, type Overview } from '@sluice/contracts';
import { PageHeader } from '../../components/common/PageHeader';
import { ErrorAlert } from '../../components/common/ErrorAlert';
import { api } from '../../lib/apiClient';
import { relativeTime } from '../../lib/relativeTime';
import { useSession } from '../auth/useSession';

const count = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The connections by status, each a link to the list filtered by it. */
function ConnectionsCard({ c }: { c: NonNullable<Overview['connections']> }) {
  const buckets = [
    ['Failing', c.failing, 'failing', 'error'],
    ['Failing now (health)', c.down, 'down', 'error'],
    ['Connected', c.connected, 'connected', 'success'],
    ['Untested', c.untested, 'untested', 'default'],
    ['Disabled', c.disabled, 'disabled', 'default'],
  ] as const;
  return (
    <Card variant="outlined" component="section" aria-label="Connections">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          <Link component={RouterLink} to="/connections">
            {count(c.total, 'connection')}
          </Link>
        </Typography>
        <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1 }}>
          {buckets
            .filter(([, n]) => n > 0)
            .map(([label, n, status, color]) => (
              <Chip
                key={status}
                component={RouterLink}
                to={`/connections?status=${status}`}
                clickable
                color={color}
                variant={color === 'default' ? 'outlined' : 'filled'}
                label={`${label}: ${n}`}
              />
            ))}
        </Stack>
        {c.syncing > 0 && (
          <Typography color="text.secondary" sx={{ mt: 1 }}>
            {count(c.syncing, 'schema sync')} under way
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}

function CatalogCard({ overview }: { overview: Overview }) {
  const catalog = overview.catalog!;
  return (
    <Card variant="outlined" component="section" aria-label="Catalog">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          <Link component={RouterLink} to="/catalog">
            {count(catalog.tables, 'table')}
          </Link>{' '}
          in {count(catalog.connections, 'catalog')}
        </Typography>
        <Typography color="text.secondary">
          {catalog.embeddedTables > 0
            ? `${count(catalog.embeddedTables, 'table')} searchable by meaning: ask the Catalog in plain words.`
            : 'Search them by name, column or comment on the Catalog page.'}
        </Typography>
        <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
          Recent schema changes
        </Typography>
        {overview.recentChanges.length === 0 ? (
          <Typography color="text.secondary">No sync has changed a schema yet.</Typography>
        ) : (
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {overview.recentChanges.map((c) => {
              const parts = [
                c.tablesAdded && `+${count(c.tablesAdded, 'table')}`,
                c.tablesRemoved && `−${count(c.tablesRemoved, 'table')}`,
                c.columnsAdded && `+${count(c.columnsAdded, 'column')}`,
                c.columnsRemoved && `−${count(c.columnsRemoved, 'column')}`,
                c.columnsChanged && `${count(c.columnsChanged, 'column')} changed`,
              ].filter(Boolean);
              return (
                <li key={`${c.connectionId}.${c.syncedAt}`}>
                  <Link component={RouterLink} to={`/connections/${c.connectionId}/schema`}>
                    {c.connectionName}
                  </Link>
                  : {parts.join(', ')} · {relativeTime(c.syncedAt)}
                </li>
              );
            })}
          </Box>
        )}
      </CardContent>
    </Card>
  );
}

/** Where things stand: connections by status, the catalog, what changed lately. */
export function HomePage() {
  const { user } = useSession();
  const overview = useQuery({ queryKey: ['overview'], queryFn: () => api<Overview>('/overview') });
  if (!user) return null;
  const data = overview.data;
  return (
    <>
      <PageHeader
        title={`Welcome, ${user.name}`}
        description={`${ROLE_LABELS[user.role]}: ${ROLE_DESCRIPTIONS[user.role]}`}
      />
      {overview.isError && (
        <ErrorAlert error={overview.error} onRetry={() => void overview.refetch()} />
      )}
      {data && (
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { md: '1fr 1fr' } }}>
          {data.connections && <ConnectionsCard c={data.connections} />}
          {data.catalog && <CatalogCard overview={data} />}
          {!data.connections && !data.catalog && (
            <Typography color="text.secondary">
              Your role has no permissions yet. Ask an admin for access.
            </Typography>
          )}
        </Box>
      )}
    </>
  );
}
