import { Parser } from 'node-sql-parser/build/sqlite';
import { nodeSqlGuard } from '../core/node-sql-guard';
import { nodeSqlRefs } from '../core/node-sql-refs';
import type { RefsReader } from '../core/column-refs';
import { FILES, PROGRAMS, type FunctionRules, type SqlGuard } from '../core/sql-guard';

/** SQLite's functions that reach outside the data (most exist only in its shell or extensions). */
const RULES: FunctionRules = {
  names: {
    load_extension: PROGRAMS,
    readfile: FILES,
    writefile: FILES,
    edit: PROGRAMS,
    fts3_tokenizer: PROGRAMS,
    zipfile: FILES,
    lsdir: FILES,
  },
  prefixes: [],
};

const parser = new Parser();
const ASTIFIERS = [(sql: string) => parser.astify(sql, { database: 'sqlite' })];

export const sqliteGuard: SqlGuard = (sql) =>
  Promise.resolve(nodeSqlGuard('SQLite', ASTIFIERS, RULES, sql));

/** The tables, columns and stars of a statement, by SQLite's grammar. */
export const sqliteRefs: RefsReader = (sql) => Promise.resolve(nodeSqlRefs(ASTIFIERS, sql));
