import { Parser } from 'node-sql-parser/build/transactsql';
import { nodeSqlGuard } from '../core/node-sql-guard';
import { nodeSqlRefs } from '../core/node-sql-refs';
import type { RefsReader } from '../core/column-refs';
import {
  FILES,
  notReadOnly,
  PROGRAMS,
  refuse,
  REMOTE,
  SESSIONS,
  WRITES,
  type FunctionRules,
  type SqlGuard,
} from '../core/sql-guard';

/** SQL Server's functions and rowset providers that reach outside the data. */
const RULES: FunctionRules = {
  names: {
    openrowset: REMOTE,
    opendatasource: REMOTE,
    openquery: REMOTE,
    openxml: FILES,
    fn_get_audit_file: FILES,
    fn_xe_file_target_read_file: FILES,
    fn_trace_gettable: FILES,
    fn_dblog: FILES,
    fn_dump_dblog: FILES,
    xp_cmdshell: PROGRAMS,
    xp_dirtree: FILES,
    xp_fileexist: FILES,
    xp_regread: FILES,
    next: WRITES,
    newsequentialid: WRITES,
    kill: SESSIONS,
  },
  prefixes: [
    ['xp_', PROGRAMS],
    ['sp_', PROGRAMS],
  ],
};

const parser = new Parser();
const ASTIFIERS = [(sql: string) => parser.astify(sql, { database: 'transactsql' })];

/**
 * Words refused wherever they are, since T-SQL has statements the grammar reads loosely:
 * `WAITFOR`, `NEXT VALUE FOR` (a sequence write), and `GO` batch separators.
 */
const REFUSED_WORDS = /\b(waitfor|next\s+value\s+for)\b|^\s*go\s*$/im;

/** Table hints that take or hold locks a read would not. */
const LOCK_HINTS = /\b(updlock|xlock|holdlock|tablockx|tablock|paglock)\b/i;

export const sqlServerGuard: SqlGuard = (sql, write = false) => {
  if (!write && REFUSED_WORDS.test(sql))
    return Promise.resolve(notReadOnly('WAITFOR, NEXT VALUE FOR or GO'));
  if (!write && LOCK_HINTS.test(sql))
    return Promise.resolve(
      refuse(
        'QUERY_NOT_READ_ONLY',
        'Locking table hints (UPDLOCK, XLOCK, HOLDLOCK, TABLOCK…) are refused: a read-only query takes no locks of its own',
      ),
    );
  return Promise.resolve(nodeSqlGuard('SQL Server', ASTIFIERS, RULES, sql, write));
};

/** The tables, columns and stars of a statement, by the T-SQL grammar. */
export const sqlServerRefs: RefsReader = (sql) => Promise.resolve(nodeSqlRefs(ASTIFIERS, sql));
