import { Alert, Box, Button, Chip, Link, Paper, Typography } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { Link as RouterLink } from 'react-router-dom';
import type { CatalogContext } from '@sluice/contracts';
import { useNotify } from '../../lib/useNotify';
import { DB_TYPE_CONFIG } from '../connections/dbTypeConfig';
import { MatchReasons } from './MatchReasons';
import { tableUrl } from './catalogLinks';

/**
 * The tables a question needs, most relevant first, each with why it is there and its DDL,
 * and the whole as text to paste into a prompt.
 */
export function CatalogAnswer({
  context,
  question,
}: {
  context: CatalogContext;
  question: string;
}) {
  const notify = useNotify();
  if (context.tables.length === 0)
    return <Typography sx={{ mt: 2 }}>No table seems to answer “{question}”.</Typography>;
  return (
    <Box sx={{ mt: 2, display: 'grid', gap: 1.5 }}>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1 }}>
        <Typography sx={{ flexGrow: 1 }}>
          {context.tables.length} table{context.tables.length === 1 ? '' : 's'} for “{question}”
          {context.truncated ? ', more left out to stay within the size budget' : ''}.
        </Typography>
        <Button
          startIcon={<ContentCopyIcon />}
          onClick={() =>
            void navigator.clipboard
              ?.writeText(context.text)
              .then(() => notify('Copied the tables as DDL, ready for a prompt'))
          }
        >
          Copy as DDL
        </Button>
      </Box>
      {!context.semantic && (
        <Alert severity="info">
          Matched by names, words and comments only. With an embedding provider configured (see the
          README), Sluice also matches by meaning.
        </Alert>
      )}
      {context.tables.map((t) => (
        <Paper
          key={`${t.connectionId}.${t.schemaName}.${t.name}`}
          variant="outlined"
          component="section"
          aria-label={`${t.schemaName}.${t.name}`}
          sx={{ p: 1.5, minWidth: 0 }}
        >
          <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1, mb: 1 }}>
            <Link
              component={RouterLink}
              to={tableUrl(t.connectionId, t.schemaName, t.name)}
              sx={{ fontWeight: 500, overflowWrap: 'anywhere' }}
            >
              {t.schemaName}.{t.name}
            </Link>
            <Typography variant="body2" color="text.secondary">
              {t.connectionName}
            </Typography>
            <Chip
              size="small"
              variant="outlined"
              color={DB_TYPE_CONFIG[t.dbType].color}
              label={DB_TYPE_CONFIG[t.dbType].label}
            />
            <Box sx={{ flexGrow: 1 }} />
            <MatchReasons reasons={t.reasons} joins={t.joins} />
          </Box>
          <Box
            component="pre"
            sx={{
              m: 0,
              p: 1,
              bgcolor: 'action.hover',
              borderRadius: 1,
              fontSize: 13,
              overflowX: 'auto',
              whiteSpace: 'pre',
            }}
          >
            {t.ddl}
          </Box>
        </Paper>
      ))}
    </Box>
  );
}
