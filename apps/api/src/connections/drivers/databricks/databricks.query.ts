import type { QueryColumn, QueryValue } from '@sluice/contracts';
import type { ConnectionParams, QueryJob, QueryRows, QuerySessions } from '../core/types';
import {
  base64Of,
  QueryError,
  querySessionTarget,
  QueryWatch,
  RowCollector,
  targetSqlFailure,
} from '../core/query';
import { errorMessageOf } from '../core/error-text';
import type { NetworkPolicy } from '../../network/network-policy';
import { classifyDatabricksError } from './databricks.errors';
import {
  DATABRICKS_PORT,
  databricksContextOf,
  openDatabricks,
  type DatabricksSession,
} from './databricks.session';

/** TCLIService's TTypeId, by number. */
const TYPES = [
  'boolean',
  'tinyint',
  'smallint',
  'int',
  'bigint',
  'float',
  'double',
  'string',
  'timestamp',
  'binary',
  'array',
  'map',
  'struct',
  'union',
  'user_defined',
  'decimal',
  'null',
  'date',
  'varchar',
  'char',
  'interval_year_month',
  'interval_day_time',
];
/** SQLSTATEs and error classes that say the user may not read this. */
const DENIED = /PERMISSION_DENIED|INSUFFICIENT_PERMISSIONS|42501/;

interface SchemaColumn {
  columnName: string;
  typeDesc?: { types?: { primitiveEntry?: { type?: number } }[] };
}

function valueOf(value: unknown, type: string): QueryValue {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return base64Of(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date)
    return type === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')
    return value;
  return JSON.parse(JSON.stringify(value)) as QueryValue;
}

/**
 * One statement (Databricks SQL has no transaction to roll back: the credential, the parser and
 * the limits are its layers), the server's query timeout, a cancel of the operation at the
 * deadline or on Cancel, and rows fetched in chunks up to `maxRows + 1`.
 */
export async function queryDatabricks(
  params: ConnectionParams,
  policy: NetworkPolicy,
  job: QueryJob,
  sessions?: QuerySessions,
): Promise<QueryRows> {
  let session = sessions?.take() as DatabricksSession | undefined;
  if (!session) {
    const ctx = databricksContextOf(params);
    const { fail } = await querySessionTarget(policy, params, DATABRICKS_PORT, job.timeoutMs, (e) =>
      classifyDatabricksError(e, ctx, job.timeoutMs),
    );
    session = await openDatabricks(params, job.timeoutMs, () => undefined).catch(fail);
  }
  const open = session;
  const watch = new QueryWatch(job);
  try {
    const operation = await open.execute(job.sql, Math.max(1, Math.ceil(job.timeoutMs / 1000)));
    watch.onStop(() => void operation.cancel().catch(() => undefined));
    try {
      const schema = (await operation.getSchema())?.columns as SchemaColumn[] | undefined;
      const columns: QueryColumn[] = (schema ?? []).map((c) => ({
        name: c.columnName,
        type: TYPES[c.typeDesc?.types?.[0]?.primitiveEntry?.type ?? -1] ?? 'unknown',
      }));
      const collected = new RowCollector(job);
      while (!collected.truncated) {
        const chunk = await operation.fetchChunk({
          maxRows: job.maxRows + 1 - collected.rows.length,
        });
        for (const row of chunk as Record<string, unknown>[]) {
          if (!collected.add(columns.map((c) => valueOf(row[c.name], c.type)))) break;
        }
        if (!(await operation.hasMoreRows())) break;
      }
      if (sessions && !watch.stopped) sessions.give(open, () => void open.close());
      else void open.close();
      return { columns, rows: collected.rows, truncated: collected.truncated };
    } finally {
      await operation.close().catch(() => undefined);
    }
  } catch (error) {
    void open.close();
    const stopped = watch.failure();
    if (stopped) throw stopped;
    if (error instanceof QueryError) throw error;
    const text = errorMessageOf(error);
    throw new QueryError(
      targetSqlFailure(DENIED.test(text) ? 'PERMISSION_DENIED' : 'SQL_ERROR', text, [
        params.password,
      ]),
    );
  } finally {
    watch.dispose();
  }
}
