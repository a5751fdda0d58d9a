import type { Database } from 'sql.js';
import type { QueryColumn, QueryValue } from '@sluice/contracts';
import type { QueryJob, QueryRows } from '../core/types';
import { base64Of, QueryError, RowCollector, targetSqlFailure } from '../core/query';
import { errorMessageOf } from '../core/error-text';

type Cell = number | bigint | string | Uint8Array | null;

function valueOf(cell: Cell): QueryValue {
  if (typeof cell === 'bigint') {
    return cell <= BigInt(Number.MAX_SAFE_INTEGER) && cell >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(cell)
      : cell.toString();
  }
  if (cell instanceof Uint8Array) return base64Of(cell);
  return cell;
}

function typeOf(cell: Cell): string {
  if (cell === null) return 'null';
  if (typeof cell === 'bigint') return 'integer';
  if (typeof cell === 'number') return Number.isInteger(cell) ? 'integer' : 'real';
  return typeof cell === 'string' ? 'text' : 'blob';
}

/**
 * One statement on the file's copy in memory (nothing is ever written back), with `query_only`
 * on. A statement that outlives the deadline is stopped by ending its thread.
 */
export function querySqlite(db: Database, job: QueryJob): QueryRows {
  db.exec('PRAGMA query_only = 1');
  let statement;
  try {
    statement = db.prepare(job.sql);
  } catch (error) {
    throw new QueryError(targetSqlFailure('SQL_ERROR', errorMessageOf(error), []));
  }
  try {
    const names = statement.getColumnNames();
    const types: (string | null)[] = names.map(() => null);
    const collected = new RowCollector(job);
    while (!collected.truncated && statement.step()) {
      // sql.js reads integers as BigInt when asked (its types do not know the option).
      const get = statement.get.bind(statement) as (p: null, c: { useBigInt: boolean }) => Cell[];
      const cells = get(null, { useBigInt: true });
      cells.forEach((cell, i) => {
        if (types[i] === null && cell !== null) types[i] = typeOf(cell);
      });
      collected.add(cells.map(valueOf));
    }
    const columns: QueryColumn[] = names.map((name, i) => ({ name, type: types[i] ?? 'null' }));
    return { columns, rows: collected.rows, truncated: collected.truncated };
  } catch (error) {
    if (error instanceof QueryError) throw error;
    throw new QueryError(targetSqlFailure('SQL_ERROR', errorMessageOf(error), []));
  } finally {
    statement.free();
  }
}
