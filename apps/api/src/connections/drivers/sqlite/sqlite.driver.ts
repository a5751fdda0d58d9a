import { open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import initSqlJs, { type Database } from 'sql.js';
import type { CatalogObject, TestResult } from '@sluice/contracts';
import type { AppConfig } from '../../../config/config';
import type {
  ConnectionParams,
  DatabaseDriver,
  QueryJob,
  QueryRows,
  TestFailure,
  StageListener,
} from '../core/types';
import { QueryError } from '../core/query';
import { querySqlite } from './sqlite.query';
import { TestRun } from '../core/test-run';
import { errorCodeOf } from '../core/error-text';
import { IntrospectionError } from '../core/introspection';
import { introspectSqlite } from './sqlite.introspect';

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const MAX_BYTES = 512 * 1024 * 1024;

let sqlJs: ReturnType<typeof initSqlJs> | undefined;

/** A path inside SQLITE_ROOT, symlinks resolved, or null when it would leave it. */
export async function sqlitePath(root: string, databaseName: string): Promise<string | null> {
  const realRoot = await realpath(root).catch(() => resolve(root));
  const candidate = resolve(realRoot, databaseName);
  const target = await realpath(candidate).catch(() => candidate);
  const inside = relative(realRoot, target);
  return inside && !inside.startsWith(`..${sep}`) && inside !== '..' && !isAbsolute(inside)
    ? target
    : null;
}

/** SQLite: a file under SQLITE_ROOT, read into memory and never written back. */
export class SqliteDriver implements DatabaseDriver {
  readonly type = 'sqlite' as const;

  constructor(private readonly config: Pick<AppConfig, 'sqliteRoot'>) {}

  async test(
    params: ConnectionParams,
    deadlineMs: number,
    onStage?: StageListener,
  ): Promise<TestResult> {
    const run = new TestRun(deadlineMs, onStage);
    const opened = await openSqlite(this.config.sqliteRoot, params.databaseName ?? '');
    if ('failure' in opened) {
      if (opened.stage === 'connect') run.pass('resolve');
      return run.failure(opened.stage, opened.failure);
    }
    run.pass('resolve');
    run.pass('connect');
    const name = params.databaseName ?? '';
    const db = opened.db;
    try {
      const version = db.exec('select sqlite_version()')[0]?.values[0]?.[0];
      db.exec('select count(*) from sqlite_schema');
      run.pass('query');
      return run.success(`SQLite ${String(version)}`, {
        canWrite: false,
        superuser: false,
        notes: ['Sluice reads a copy of the file into memory and never writes it back.'],
      });
    } catch (error) {
      return run.failure('query', {
        errorCode: 'DRIVER_ERROR',
        message: `SQLite could not read "${name}": ${error instanceof Error ? error.message : String(error)}`,
        hint: 'Check the database file: it may be damaged or encrypted.',
      });
    } finally {
      db.close();
    }
  }

  async query(params: ConnectionParams, job: QueryJob): Promise<QueryRows> {
    const opened = await openSqlite(this.config.sqliteRoot, params.databaseName ?? '');
    if ('failure' in opened) throw new QueryError(opened.failure);
    try {
      return querySqlite(opened.db, job);
    } finally {
      opened.db.close();
    }
  }

  async introspect(params: ConnectionParams): Promise<CatalogObject[]> {
    const opened = await openSqlite(this.config.sqliteRoot, params.databaseName ?? '');
    if ('failure' in opened) throw new IntrospectionError(opened.failure, false);
    try {
      return introspectSqlite(opened.db);
    } finally {
      opened.db.close();
    }
  }
}

type Opened = { db: Database } | { stage: 'resolve' | 'connect'; failure: TestFailure };

/** The file under SQLITE_ROOT, checked and read into memory: it is never written back. */
async function openSqlite(root: string, name: string): Promise<Opened> {
  const path = await sqlitePath(root, name);
  if (!path) {
    return {
      stage: 'resolve',
      failure: {
        errorCode: 'PERMISSION_DENIED',
        message: `The file "${name}" is outside the folder Sluice may open`,
        hint: `Check the database file: give a path inside SQLITE_ROOT (${root}).`,
      },
    };
  }
  let bytes: Buffer;
  try {
    const file = await open(path, 'r');
    try {
      const { size } = await file.stat();
      if (size > MAX_BYTES) return { stage: 'connect', failure: tooLarge(name, size) };
      bytes = await file.readFile();
    } finally {
      await file.close();
    }
  } catch (error) {
    return { stage: 'connect', failure: fileFailure(error, name) };
  }
  if (!bytes.subarray(0, HEADER.length).equals(HEADER)) {
    return {
      stage: 'connect',
      failure: {
        errorCode: 'DRIVER_ERROR',
        message: `"${name}" is not an SQLite database`,
        hint: 'Check the database file: it does not start with the SQLite header.',
      },
    };
  }
  const SQL = await (sqlJs ??= initSqlJs());
  return { db: new SQL.Database(bytes) };
}

function fileFailure(error: unknown, name: string): TestFailure {
  const code = errorCodeOf(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return {
      errorCode: 'DATABASE_NOT_FOUND',
      message: `The file "${name}" does not exist`,
      hint: 'Check the database file: no file has this path under SQLITE_ROOT.',
    };
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return {
      errorCode: 'PERMISSION_DENIED',
      message: `Sluice may not read "${name}"`,
      hint: 'Let the Sluice server’s user read the file.',
    };
  }
  if (code === 'EISDIR') {
    return {
      errorCode: 'DATABASE_NOT_FOUND',
      message: `"${name}" is a folder`,
      hint: 'Check the database file: give the path of a file, not a folder.',
    };
  }
  return {
    errorCode: 'DRIVER_ERROR',
    message: `The file "${name}" could not be read`,
    hint: 'Check the database file and its permissions.',
  };
}

function tooLarge(name: string, size: number): TestFailure {
  return {
    errorCode: 'DRIVER_ERROR',
    message: `"${name}" is ${Math.round(size / 1048576)} MiB, over the ${MAX_BYTES / 1048576} MiB Sluice reads`,
    hint: 'Use a smaller SQLite file, or a server database for data this size.',
  };
}
