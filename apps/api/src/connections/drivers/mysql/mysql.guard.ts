import { Parser as MysqlParser } from 'node-sql-parser/build/mysql';
import { Parser as MariadbParser } from 'node-sql-parser/build/mariadb';
import { nodeSqlGuard } from '../core/node-sql-guard';
import { nodeSqlRefs } from '../core/node-sql-refs';
import type { RefsReader } from '../core/column-refs';
import {
  FILES,
  LOCKS,
  notReadOnly,
  PROGRAMS,
  refuse,
  SESSIONS,
  SLEEPS,
  WRITES,
  type FunctionRules,
  type SqlGuard,
} from '../core/sql-guard';

/** MySQL's and MariaDB's functions that reach outside the data. */
const RULES: FunctionRules = {
  names: {
    load_file: FILES,
    sys_exec: PROGRAMS,
    sys_eval: PROGRAMS,
    sleep: SLEEPS,
    benchmark: SLEEPS,
    get_lock: LOCKS,
    release_lock: LOCKS,
    release_all_locks: LOCKS,
    is_free_lock: LOCKS,
    is_used_lock: LOCKS,
    master_pos_wait: SLEEPS,
    source_pos_wait: SLEEPS,
    master_gtid_wait: SLEEPS,
    wait_for_executed_gtid_set: SLEEPS,
    wait_until_sql_thread_after_gtids: SLEEPS,
    nextval: WRITES,
    setval: WRITES,
    lastval: SESSIONS,
  },
  prefixes: [['lib_mysqludf', PROGRAMS]],
};

const mysql = new MysqlParser();
const mariadb = new MariadbParser();
const ASTIFIERS = [
  (sql: string) => mysql.astify(sql, { database: 'mysql' }),
  (sql: string) => mariadb.astify(sql, { database: 'mariadb' }),
];

/**
 * MySQL runs the text of `/*! … *\/` and MariaDB of `/*M! … *\/` comments, which every parser
 * reads as a comment: refused wherever they are. `INTO OUTFILE` and `DUMPFILE` are refused as
 * words too, so no reading of comments by the parser can hide them.
 */
const EXECUTABLE_COMMENT = /\/\*[!M]/i;
const FILE_WORDS = /\b(outfile|dumpfile|load_file)\b/i;

export const mysqlGuard: SqlGuard = (sql, write = false) => {
  if (EXECUTABLE_COMMENT.test(sql)) {
    return Promise.resolve(
      refuse(
        'QUERY_NOT_READ_ONLY',
        'Executable comments (/*! … */ and /*M! … */) are refused: MySQL runs what they hold, out of the parser’s sight',
      ),
    );
  }
  if (FILE_WORDS.test(sql)) return Promise.resolve(notReadOnly('Reading or writing server files'));
  return Promise.resolve(nodeSqlGuard('MySQL', ASTIFIERS, RULES, sql, write));
};

/** The tables, columns and stars of a statement, by MySQL's and MariaDB's grammars. */
export const mysqlRefs: RefsReader = (sql) => Promise.resolve(nodeSqlRefs(ASTIFIERS, sql));
