import { Parser } from 'node-sql-parser/build/trino';
import { nodeSqlGuard } from '../core/node-sql-guard';
import { nodeSqlRefs } from '../core/node-sql-refs';
import type { RefsReader } from '../core/column-refs';
import {
  FILES,
  notReadOnly,
  PROGRAMS,
  REMOTE,
  SESSIONS,
  type FunctionRules,
  type SqlGuard,
} from '../core/sql-guard';

/** Databricks SQL's functions that reach outside the tables' data or the session. */
const RULES: FunctionRules = {
  names: {
    read_files: FILES,
    cloud_files: FILES,
    read_kafka: REMOTE,
    read_kinesis: REMOTE,
    read_pubsub: REMOTE,
    read_pulsar: REMOTE,
    read_statestore: FILES,
    http_request: REMOTE,
    reflect: PROGRAMS,
    java_method: PROGRAMS,
    try_reflect: PROGRAMS,
    secret: SESSIONS,
    list_secrets: SESSIONS,
  },
  prefixes: [['ai_', REMOTE]],
};

const parser = new Parser();
const ASTIFIERS = [(sql: string) => parser.astify(sql, { database: 'trino' })];

/** A query over files by path (`parquet.\`s3://…\``), outside any table's grants. */
const FILE_PATH = /\b(parquet|csv|json|delta|text|binaryfile|orc|avro)\s*\.\s*`/i;

export const databricksGuard: SqlGuard = (sql, write = false) => {
  if (!write && FILE_PATH.test(sql))
    return Promise.resolve(notReadOnly('Reading files by path (parquet.`…`)'));
  return Promise.resolve(nodeSqlGuard('Databricks SQL', ASTIFIERS, RULES, sql, write));
};

/** The tables, columns and stars of a statement, by the grammar the guard uses. */
export const databricksRefs: RefsReader = (sql) => Promise.resolve(nodeSqlRefs(ASTIFIERS, sql));
