import type { CatalogObject } from '@sluice/contracts';
import type { ConnectionParams, IntrospectOptions } from '../core/types';
import {
  emptyObject,
  introspectionTarget,
  IntrospectionError,
  schemaFilter,
  schemaPatternsOf,
} from '../core/introspection';
import { timeoutFailure } from '../core/network-failures';
import type { NetworkPolicy } from '../../network/network-policy';
import { pgClientFor, pgErrorContextOf, POSTGRES_PORT } from './postgresql.session';
import { classifyPostgresError } from './postgresql.errors';

const KINDS: Record<string, CatalogObject['kind']> = {
  r: 'table',
  v: 'view',
  m: 'materialized_view',
  p: 'partitioned_table',
  f: 'foreign_table',
};

const SCHEMAS_SQL = `
select n.nspname as name from pg_namespace n
 where has_schema_privilege(n.oid, 'USAGE') order by 1`;

// Partitions are left out: their parent stands for them.
const OBJECTS_SQL = `
select c.oid::int8::text as oid, n.nspname as schema, c.relname as name, c.relkind as kind,
       d.description as comment, case when c.reltuples < 0 then null else c.reltuples::int8 end as rows
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  left join pg_description d on d.objoid = c.oid and d.classoid = 'pg_class'::regclass and d.objsubid = 0
 where c.relkind in ('r', 'v', 'm', 'p', 'f') and not c.relispartition and n.nspname = any($1)
 order by n.nspname, c.relname`;

/**
 * Each detail query reads either the tables of the listed schemas (`$1`), whole (the bench's
 * baseline), or a batch of tables by oid (`$1`): the oids come from the listing, which already
 * chose them, so a batch joins no pg_class or pg_namespace (at 100,000 tables, scanning pg_class
 * for each batch was a third of the read).
 */
const ofTables = (relation: string, batched: boolean) =>
  batched
    ? { join: '', where: `${relation} = any($1::oid[])` }
    : {
        join: `join pg_class c on c.oid = ${relation} join pg_namespace n on n.oid = c.relnamespace`,
        where: `c.relkind in ('r', 'v', 'm', 'p', 'f') and not c.relispartition and n.nspname = any($1)`,
      };

const columnsSql = (batched: boolean) => `
select a.attrelid::int8::text as oid, a.attnum as ordinal, a.attname as name,
       format_type(a.atttypid, a.atttypmod) as type, not a.attnotnull as nullable,
       pg_get_expr(ad.adbin, ad.adrelid) as "default", d.description as comment
  from pg_attribute a ${ofTables('a.attrelid', batched).join}
  left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
  left join pg_description d on d.objoid = a.attrelid and d.classoid = 'pg_class'::regclass and d.objsubid = a.attnum
 where a.attnum > 0 and not a.attisdropped and ${ofTables('a.attrelid', batched).where}
 order by a.attrelid, a.attnum`;

const constraintsSql = (batched: boolean) => `
select con.conrelid::int8::text as oid, con.conname as name, con.contype as type,
       array(select a.attname from unnest(con.conkey) with ordinality k(num, ord)
               join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.num order by k.ord)::text[] as columns,
       fn.nspname as ref_schema, fc.relname as ref_table,
       array(select a.attname from unnest(con.confkey) with ordinality k(num, ord)
               join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.num order by k.ord)::text[] as ref_columns
  from pg_constraint con ${ofTables('con.conrelid', batched).join}
  left join pg_class fc on fc.oid = con.confrelid
  left join pg_namespace fn on fn.oid = fc.relnamespace
 where con.contype in ('p', 'f') and ${ofTables('con.conrelid', batched).where}
 order by con.conrelid, con.conname`;

const indexesSql = (batched: boolean) => `
select i.indrelid::int8::text as oid, ic.relname as name, i.indisunique as "unique",
       array(select coalesce(a.attname, '(expression)') from unnest(i.indkey::int2[]) with ordinality k(num, ord)
               left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.num
              where k.ord <= i.indnkeyatts order by k.ord)::text[] as columns
  from pg_index i
  join pg_class ic on ic.oid = i.indexrelid ${ofTables('i.indrelid', batched).join}
 where not i.indisprimary and ${ofTables('i.indrelid', batched).where}
 order by i.indrelid, ic.relname`;

/** Tables whose columns, keys and indexes are read (and handed over) together. */
const TABLE_BATCH = 2_000;

/**
 * The five catalog queries, whole, in order: `npm run bench -- ingest` times them alone as the
 * baseline of a sync, which reads the same by batches of tables.
 */
export const POSTGRES_CATALOG_QUERIES = [
  SCHEMAS_SQL,
  OBJECTS_SQL,
  columnsSql(false),
  constraintsSql(false),
  indexesSql(false),
] as const;
const COLUMNS_SQL = columnsSql(true);
const CONSTRAINTS_SQL = constraintsSql(true);
const INDEXES_SQL = indexesSql(true);

interface ObjectRow {
  oid: string;
  schema: string;
  name: string;
  kind: string;
  comment: string | null;
  rows: string | null;
}
interface ColumnRow {
  oid: string;
  ordinal: number;
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
  comment: string | null;
}
interface ConstraintRow {
  oid: string;
  name: string;
  type: 'p' | 'f';
  columns: string[];
  ref_schema: string | null;
  ref_table: string | null;
  ref_columns: string[];
}
interface IndexRow {
  oid: string;
  name: string;
  unique: boolean;
  columns: string[];
}

/** PostgreSQL's schema from pg_catalog in five set-based queries, in a read-only session. */
export async function introspectPostgresql(
  params: ConnectionParams,
  policy: NetworkPolicy,
  options: IntrospectOptions,
): Promise<CatalogObject[]> {
  const ctx = pgErrorContextOf(params);
  const { host, port, address, connectPort, fail } = await introspectionTarget(
    policy,
    params,
    POSTGRES_PORT,
    options.timeoutMs,
    (error) => classifyPostgresError(error, ctx),
  );
  const client = pgClientFor(
    params,
    { address, port: connectPort },
    {
      statementTimeoutMs: options.timeoutMs,
      applicationName: 'sluice-schema-sync',
      connectTimeoutMs: options.connectTimeoutMs ?? options.timeoutMs,
    },
  );
  client.on('error', () => undefined);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void client.end().catch(() => undefined);
  }, options.timeoutMs);
  try {
    await client.connect();
    const include = schemaFilter(schemaPatternsOf(params.options));
    const schemas = (await client.query<{ name: string }>(SCHEMAS_SQL)).rows
      .map((r) => r.name)
      .filter(include);
    // The listing stays as its rows; a batch's objects are made when its details are read.
    const listed = (await client.query<ObjectRow>(OBJECTS_SQL, [schemas])).rows;
    options.onObjectsListed?.(listed.length);
    // One snapshot for the whole read; tables' details by batches, each handed over (and let go
    // of) before the next is read: 100,000 tables never sit in memory at once.
    await client.query('begin isolation level repeatable read read only');
    const kept: CatalogObject[] = [];
    for (let start = 0; start < listed.length; start += TABLE_BATCH) {
      const objects = new Map<string, CatalogObject>();
      for (const row of listed.slice(start, start + TABLE_BATCH)) {
        const kind = KINDS[row.kind] ?? 'table';
        const rows = row.rows === null ? null : Number(row.rows);
        objects.set(row.oid, emptyObject(row.schema, row.name, kind, row.comment, rows));
      }
      await readDetails(client, [...objects.keys()], objects);
      const done = [...objects.values()];
      if (options.onBatch) await options.onBatch(done);
      else kept.push(...done);
    }
    await client.query('commit');
    return kept;
  } catch (error) {
    if (timedOut) throw new IntrospectionError(timeoutFailure(host, port, options.timeoutMs));
    return fail(error);
  } finally {
    clearTimeout(timer);
    await client.end().catch(() => undefined);
  }
}

/** Columns, keys and indexes of a batch of tables, by oid. */
async function readDetails(
  client: ReturnType<typeof pgClientFor>,
  oids: string[],
  objects: Map<string, CatalogObject>,
): Promise<void> {
  const values = [oids];
  for (const row of (await client.query<ColumnRow>(COLUMNS_SQL, values)).rows) {
    objects.get(row.oid)?.columns.push({
      ordinal: row.ordinal,
      name: row.name,
      dataType: row.type,
      nullable: row.nullable,
      defaultValue: row.default,
      comment: row.comment,
    });
  }
  for (const row of (await client.query<ConstraintRow>(CONSTRAINTS_SQL, values)).rows) {
    const object = objects.get(row.oid);
    if (!object) continue;
    if (row.type === 'p') object.primaryKey = row.columns;
    else
      object.foreignKeys.push({
        name: row.name,
        columns: row.columns,
        referencedSchema: row.ref_schema ?? '',
        referencedTable: row.ref_table ?? '',
        referencedColumns: row.ref_columns,
      });
  }
  for (const row of (await client.query<IndexRow>(INDEXES_SQL, values)).rows) {
    objects
      .get(row.oid)
      ?.indexes.push({ name: row.name, columns: row.columns, unique: row.unique });
  }
}
