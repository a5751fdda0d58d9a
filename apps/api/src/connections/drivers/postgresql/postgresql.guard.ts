import { loadModule, parseSync } from 'libpg-query';
import {
  DYNAMIC,
  FILES,
  functionDenied,
  LOCKS,
  nodesOf,
  notReadOnly,
  ONE_STATEMENT,
  refuse,
  REMOTE,
  SESSIONS,
  SETTINGS,
  SLEEPS,
  WRITES,
  type FunctionRules,
  type SqlGuard,
} from '../core/sql-guard';

/**
 * PostgreSQL's functions that reach outside the data. A read-only transaction stops none of the
 * file, program, session and lock functions, and `dblink` or `query_to_xml` would run SQL that
 * this parser never saw.
 */
const RULES: FunctionRules = {
  names: {
    pg_read_file: FILES,
    pg_read_binary_file: FILES,
    pg_stat_file: FILES,
    pg_current_logfile: FILES,
    pg_logdir_ls: FILES,
    loread: FILES,
    lowrite: FILES,
    pg_terminate_backend: SESSIONS,
    pg_cancel_backend: SESSIONS,
    pg_signal_backend: SESSIONS,
    pg_reload_conf: SESSIONS,
    pg_rotate_logfile: SESSIONS,
    pg_log_backend_memory_contexts: SESSIONS,
    pg_promote: SESSIONS,
    pg_switch_wal: SESSIONS,
    pg_create_restore_point: SESSIONS,
    pg_backup_start: SESSIONS,
    pg_backup_stop: SESSIONS,
    pg_start_backup: SESSIONS,
    pg_stop_backup: SESSIONS,
    pg_wal_replay_pause: SESSIONS,
    pg_wal_replay_resume: SESSIONS,
    pg_drop_replication_slot: SESSIONS,
    pg_import_system_collations: SESSIONS,
    pg_prewarm: SESSIONS,
    pg_notify: SESSIONS,
    set_config: SETTINGS,
    nextval: WRITES,
    setval: WRITES,
    txid_current: WRITES,
    pg_current_xact_id: WRITES,
    query_to_xml: DYNAMIC,
    query_to_xmlschema: DYNAMIC,
    query_to_xml_and_xmlschema: DYNAMIC,
    cursor_to_xml: DYNAMIC,
    cursor_to_xmlschema: DYNAMIC,
  },
  prefixes: [
    ['pg_ls_', FILES],
    ['pg_file_', FILES],
    ['lo_', FILES],
    ['pg_sleep', SLEEPS],
    ['pg_advisory', LOCKS],
    ['pg_try_advisory', LOCKS],
    ['pg_stat_reset', SESSIONS],
    ['pg_stat_statements_reset', SESSIONS],
    ['pg_replication_', SESSIONS],
    ['pg_create_', SESSIONS],
    ['pg_copy_', SESSIONS],
    ['pg_logical_', SESSIONS],
    ['dblink', REMOTE],
    ['database_to_xml', DYNAMIC],
    ['schema_to_xml', DYNAMIC],
  ],
};

/** The statements that only read; every other `…Stmt` node anywhere in the tree is refused. */
const READING = new Set(['SelectStmt', 'ExplainStmt', 'VariableShowStmt']);

function statementLabel(node: string): string {
  return node
    .replace(/Stmt$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
}

let loaded: Promise<void> | undefined;

/** PostgreSQL's own parser (libpg_query, compiled to WebAssembly): what the server will read. */
export const postgresqlGuard: SqlGuard = async (sql, write = false) => {
  await (loaded ??= loadModule());
  let tree: { stmts?: { stmt?: unknown }[] };
  try {
    tree = parseSync(sql);
  } catch (error) {
    const at = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition;
    const detail = error instanceof Error ? `: ${error.message}` : '';
    return refuse(
      'QUERY_UNPARSABLE',
      `PostgreSQL's parser could not read this statement${detail}`,
      typeof at === 'number' ? at + 1 : undefined,
    );
  }
  const statements = tree.stmts ?? [];
  if (statements.length === 0) return refuse('QUERY_UNPARSABLE', 'There is no statement to run');
  if (statements.length > 1) return ONE_STATEMENT;
  if (write) return null;
  for (const { key, node } of nodesOf(statements[0]!.stmt)) {
    for (const name of Object.keys(node)) {
      if (name.endsWith('Stmt') && !READING.has(name)) return notReadOnly(statementLabel(name));
    }
    if (key === 'SelectStmt' && node['intoClause']) return notReadOnly('SELECT … INTO');
    if (key === 'SelectStmt' && node['lockingClause'])
      return notReadOnly('SELECT … FOR UPDATE / FOR SHARE');
    if (key === 'ExplainStmt') {
      const options = nodesOf(node['options']);
      for (const { key: k, node: option } of options) {
        if (k === 'DefElem' && String(option['defname']).toLowerCase() === 'analyze')
          return notReadOnly('EXPLAIN ANALYZE (it runs the statement)');
      }
    }
    if (key === 'FuncCall') {
      const parts = nodesOf(node['funcname']);
      let last = '';
      for (const { key: k, node: part } of parts) if (k === 'String') last = String(part['sval']);
      const denied = functionDenied(last, RULES);
      if (denied) return denied;
    }
  }
  return null;
};
