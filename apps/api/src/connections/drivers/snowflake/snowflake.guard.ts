import { Parser } from 'node-sql-parser/build/snowflake';
import { nodeSqlGuard } from '../core/node-sql-guard';
import { nodeSqlRefs } from '../core/node-sql-refs';
import type { RefsReader } from '../core/column-refs';
import {
  FILES,
  notReadOnly,
  REMOTE,
  SESSIONS,
  SLEEPS,
  WRITES,
  type FunctionRules,
  type SqlGuard,
} from '../core/sql-guard';

/** Snowflake's functions that reach outside the data, or act on sessions and the account. */
const RULES: FunctionRules = {
  names: {
    system$wait: SLEEPS,
    seq1: WRITES,
    seq2: WRITES,
    seq4: WRITES,
    seq8: WRITES,
    get_presigned_url: FILES,
    build_scoped_file_url: FILES,
    build_stage_file_url: FILES,
    get_stage_location: FILES,
    infer_schema: FILES,
  },
  prefixes: [
    ['system$', SESSIONS],
    ['external_', REMOTE],
  ],
};

const parser = new Parser();
const ASTIFIERS = [(sql: string) => parser.astify(sql, { database: 'snowflake' })];

/** A stage (`@stage`, `@~`, `@%table`): its files are read outside the tables' grants. */
const STAGE = /(^|[\s(,=])@[~%\w"]/;

export const snowflakeGuard: SqlGuard = (sql, write = false) => {
  if (!write && STAGE.test(sql.replace(/'(?:[^']|'')*'/g, "''")))
    return Promise.resolve(notReadOnly('Reading files from a stage (@…)'));
  return Promise.resolve(nodeSqlGuard('Snowflake', ASTIFIERS, RULES, sql, write));
};

/** The tables, columns and stars of a statement, by the Snowflake grammar. */
export const snowflakeRefs: RefsReader = (sql) => Promise.resolve(nodeSqlRefs(ASTIFIERS, sql));
