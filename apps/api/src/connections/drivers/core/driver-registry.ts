import {
  DB_TYPE_LABELS,
  type CatalogObject,
  type DbType,
  type TestResult,
} from '@sluice/contracts';
import { IntrospectionError } from './introspection';
import type {
  ConnectionParams,
  DatabaseDriver,
  IntrospectOptions,
  QueryJob,
  StageListener,
  QueryRows,
  QuerySessions,
} from './types';
import { QueryError } from './query';
import { TestRun } from './test-run';

/** The drivers by type: a lookup, not a switch. */
export class DriverRegistry {
  private readonly drivers: ReadonlyMap<DbType, DatabaseDriver>;

  constructor(drivers: DatabaseDriver[]) {
    this.drivers = new Map(drivers.map((d) => [d.type, d]));
  }

  async test(
    params: ConnectionParams,
    deadlineMs: number,
    onStage?: StageListener,
  ): Promise<TestResult> {
    const driver = this.drivers.get(params.dbType);
    if (driver) return driver.test(params, deadlineMs, onStage);
    return new TestRun(deadlineMs).failure('connect', {
      errorCode: 'DRIVER_ERROR',
      message: `Sluice cannot test ${DB_TYPE_LABELS[params.dbType]} connections yet`,
      hint: `The ${DB_TYPE_LABELS[params.dbType]} driver is not installed in this version of Sluice; the connection can still be saved.`,
    });
  }

  /** The target's schema; a type without an introspector is a failure that no retry fixes. */
  async introspect(params: ConnectionParams, options: IntrospectOptions): Promise<CatalogObject[]> {
    const driver = this.drivers.get(params.dbType);
    if (driver?.introspect) return driver.introspect(params, options);
    const label = DB_TYPE_LABELS[params.dbType];
    throw new IntrospectionError(
      {
        errorCode: 'DRIVER_ERROR',
        message: `Sluice cannot read ${label} schemas yet`,
        hint: `The ${label} driver is not installed in this version of Sluice.`,
      },
      false,
    );
  }

  /** One read-only statement; a type without a query path is a failure, not a server error. */
  async query(
    params: ConnectionParams,
    job: QueryJob,
    sessions?: QuerySessions,
  ): Promise<QueryRows> {
    const driver = this.drivers.get(params.dbType);
    if (driver?.query) return driver.query(params, job, sessions);
    throw new QueryError({
      errorCode: 'QUERY_NOT_SUPPORTED',
      message: `Sluice cannot query ${DB_TYPE_LABELS[params.dbType]} connections yet`,
    });
  }
}
