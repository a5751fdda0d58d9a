import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Alert,
  AlertTitle,
  Autocomplete,
  Box,
  Button,
  Chip,
  FormControlLabel,
  Switch,
  MenuItem,
  Paper,
  TextField,
  Typography,
} from '@mui/material';
import PlayArrow from '@mui/icons-material/PlayArrow';
import StopCircleOutlined from '@mui/icons-material/StopCircleOutlined';
import LockOutlined from '@mui/icons-material/LockOutlined';
import EditNoteOutlined from '@mui/icons-material/EditNoteOutlined';
import { useSession } from '../auth/useSession';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  DB_TYPE_LABELS,
  QUERYABLE_DB_TYPES,
  type DbType,
  type QueryResult,
} from '@sluice/contracts';
import { PageHeader } from '../../components/common/PageHeader';
import { ApiError } from '../../lib/apiClient';
import { fetchConnections } from '../connections/connectionsApi';
import { fetchCompletionSchema, fetchQueryHistory, runQuery } from './queryApi';
import { SqlEditor } from './SqlEditor';
import { ResultsGrid } from './ResultsGrid';
import { QueryHistory } from './QueryHistory';
import { ResultActions } from './ResultActions';
import { lineAndColumn } from './csv';

const QUERYABLE = new Set<DbType>(QUERYABLE_DB_TYPES);
const ROW_LIMITS = [100, 500, 1000, 5000, 10000];

interface Failure {
  code: string;
  message: string;
  hint?: string;
  position?: number;
}

/** The query console: one read-only statement at a time on a connection the user may query. */
export function QueryPage() {
  const [params, setParams] = useSearchParams();
  const connectionId = params.get('connection');
  const client = useQueryClient();
  const connections = useQuery({
    queryKey: ['connections', 'queryable'],
    queryFn: () => fetchConnections({ page: 1, pageSize: 100, sortBy: 'name', sortOrder: 'asc' }),
  });
  const options = useMemo(
    () => (connections.data?.items ?? []).filter((c) => c.isActive && QUERYABLE.has(c.dbType)),
    [connections.data],
  );
  const selected = options.find((c) => c.id === connectionId) ?? null;
  const completion = useQuery({
    queryKey: ['completion', connectionId],
    queryFn: () => fetchCompletionSchema(connectionId!),
    enabled: !!connectionId,
    staleTime: 60_000,
  });
  const history = useQuery({
    queryKey: ['query-history', connectionId],
    queryFn: () => fetchQueryHistory(connectionId!),
    enabled: !!connectionId,
  });
  const [sql, setSql] = useState('select 1');
  const [maxRows, setMaxRows] = useState(500);
  const [writeMode, setWriteMode] = useState(false);
  const { can } = useSession();
  const mayWrite = can('connections:query_write') && !!selected?.hasWriteCredential;
  const writing = mayWrite && writeMode;
  const [result, setResult] = useState<QueryResult | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [running, setRunning] = useState<{ started: number; abort: AbortController } | null>(null);
  const [now, setNow] = useState(Date.now());
  const sqlRef = useRef(sql);
  sqlRef.current = sql;

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, [running]);

  const run = async () => {
    if (!connectionId || running || !sqlRef.current.trim()) return;
    const abort = new AbortController();
    setRunning({ started: Date.now(), abort });
    setFailure(null);
    try {
      const body = { sql: sqlRef.current, maxRows, ...(writing && { allowWrite: true }) };
      setResult(await runQuery(connectionId, body, abort.signal));
    } catch (error) {
      setResult(null);
      if (abort.signal.aborted)
        setFailure({ code: 'CANCELLED', message: 'You cancelled the query.' });
      else if (error instanceof ApiError) {
        const p = error.problem;
        setFailure({
          code: String(p.code),
          message: error.message,
          hint: typeof p['hint'] === 'string' ? p['hint'] : undefined,
          position: typeof p['position'] === 'number' ? p['position'] : undefined,
        });
      } else setFailure({ code: 'ERROR', message: String(error) });
    } finally {
      setRunning(null);
      void client.invalidateQueries({ queryKey: ['query-history', connectionId] });
    }
  };
  const at = failure?.position ? lineAndColumn(sql, failure.position) : null;

  return (
    <>
      <PageHeader
        title="Query"
        description="Run one read-only statement through Sluice: its parser, a read-only session and a timeout stand between it and the data. Every run is audited."
      />
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 1fr) 320px' },
        }}
      >
        <Box sx={{ display: 'grid', gap: 2, minWidth: 0 }}>
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }}>
            <Autocomplete
              sx={{ flex: '1 1 280px', maxWidth: 480 }}
              options={options}
              value={selected}
              loading={connections.isLoading}
              getOptionLabel={(c) => c.name}
              renderOption={(props, c) => (
                <li {...props} key={c.id}>
                  <Box>
                    <Typography>{c.name}</Typography>
                    <Typography variant="caption" color="text.secondary">
                      {DB_TYPE_LABELS[c.dbType]} · {c.databaseName ?? c.host}
                    </Typography>
                  </Box>
                </li>
              )}
              onChange={(_, c) => {
                setResult(null);
                setFailure(null);
                setParams(c ? { connection: c.id } : {});
              }}
              renderInput={(p) => <TextField {...p} label="Connection" />}
              noOptionsText="No PostgreSQL, MySQL or SQLite connection you can query"
            />
            <TextField
              select
              label="Row limit"
              value={maxRows}
              onChange={(e) => setMaxRows(Number(e.target.value))}
              sx={{ width: 130 }}
            >
              {ROW_LIMITS.map((n) => (
                <MenuItem key={n} value={n}>
                  {n.toLocaleString()}
                </MenuItem>
              ))}
            </TextField>
            {writing ? (
              <Chip icon={<EditNoteOutlined />} label="Write mode" color="warning" />
            ) : (
              <Chip icon={<LockOutlined />} label="Read-only" color="success" variant="outlined" />
            )}
            {mayWrite && (
              <FormControlLabel
                control={
                  <Switch checked={writeMode} onChange={(e) => setWriteMode(e.target.checked)} />
                }
                label="Write mode"
              />
            )}
          </Box>
          {writing && (
            <Alert severity="warning">
              Write mode: the statement runs as “{selected?.writeUsername}”, the connection’s write
              credential, and is committed when it succeeds. It is audited as a write.
            </Alert>
          )}
          <SqlEditor
            value={sql}
            onChange={setSql}
            onRun={() => void run()}
            dbType={selected?.dbType ?? null}
            schema={completion.data ?? {}}
            focusAt={failure?.position ?? null}
          />
          <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
            <Button
              variant="contained"
              startIcon={<PlayArrow />}
              onClick={() => void run()}
              disabled={!selected || !!running}
            >
              Run
            </Button>
            {running && (
              <Button
                color="warning"
                startIcon={<StopCircleOutlined />}
                onClick={() => running.abort.abort()}
              >
                Cancel
              </Button>
            )}
            <Typography variant="body2" color="text.secondary" aria-live="polite">
              {running
                ? `Running… ${((now - running.started) / 1000).toFixed(1)} s`
                : selected
                  ? 'Ctrl+Enter (⌘+Enter) runs the statement'
                  : 'Choose a connection to query'}
            </Typography>
          </Box>
          {failure && (
            <Alert severity={failure.code === 'CANCELLED' ? 'info' : 'error'}>
              <AlertTitle>
                {failure.code}
                {at && ` at line ${at.line}, column ${at.column}`}
              </AlertTitle>
              {failure.message}
              {failure.hint && <Box sx={{ mt: 0.5 }}>{failure.hint}</Box>}
            </Alert>
          )}
          {result && (
            <Paper variant="outlined" sx={{ p: 2, display: 'grid', gap: 1.5 }}>
              <ResultActions result={result} name={selected?.name ?? 'query'} />
              {result.truncated && (
                <Alert severity="warning">
                  The result was cut at {result.rowCount.toLocaleString()} rows: more rows exist (or
                  the answer passed 10 MB). Narrow the query or raise the row limit.
                </Alert>
              )}
              {result.columns.length > 0 && (
                <ResultsGrid columns={result.columns} rows={result.rows} />
              )}
            </Paper>
          )}
        </Box>
        <Paper variant="outlined" sx={{ p: 2, alignSelf: 'start' }}>
          <QueryHistory items={history.data ?? []} onPick={setSql} />
        </Paper>
      </Box>
    </>
  );
}
