/** The PostgreSQL query tests' database, and what they send and must see refused. */
export const PWNED = `/tmp/sluice-pwned-${process.pid}`;

/** Every shape of write, and of reaching outside the data, with the code Sluice refuses it with. */
export const REFUSED: [string, string][] = [
  ['insert into guarded values (99, $$x$$)', 'QUERY_NOT_READ_ONLY'],
  ['update guarded set v = $$x$$', 'QUERY_NOT_READ_ONLY'],
  ['delete from guarded', 'QUERY_NOT_READ_ONLY'],
  [
    'merge into guarded g using guarded s on g.id = s.id when matched then delete',
    'QUERY_NOT_READ_ONLY',
  ],
  ['truncate guarded', 'QUERY_NOT_READ_ONLY'],
  ['drop table guarded', 'QUERY_NOT_READ_ONLY'],
  ['create table guarded2 (a int)', 'QUERY_NOT_READ_ONLY'],
  ['alter table guarded add column z int', 'QUERY_NOT_READ_ONLY'],
  ['grant all on guarded to public', 'QUERY_NOT_READ_ONLY'],
  ['select 1; delete from guarded', 'QUERY_MULTIPLE_STATEMENTS'],
  ['select 1 -- comment\n; delete from guarded', 'QUERY_MULTIPLE_STATEMENTS'],
  ['/* a comment */ delete from guarded', 'QUERY_NOT_READ_ONLY'],
  ['with d as (delete from guarded returning *) select * from d', 'QUERY_NOT_READ_ONLY'],
  ['with u as (update guarded set v = $$x$$ returning 1) select 1', 'QUERY_NOT_READ_ONLY'],
  ['explain analyze delete from guarded', 'QUERY_NOT_READ_ONLY'],
  ['explain (analyze, format json) insert into guarded values (7, $$x$$)', 'QUERY_NOT_READ_ONLY'],
  ['select * into guarded_copy from guarded', 'QUERY_NOT_READ_ONLY'],
  ['select * from guarded for update', 'QUERY_NOT_READ_ONLY'],
  [`copy guarded to program 'touch ${PWNED}'`, 'QUERY_NOT_READ_ONLY'],
  [`copy (select 1) to '${PWNED}'`, 'QUERY_NOT_READ_ONLY'],
  ['copy guarded from stdin', 'QUERY_NOT_READ_ONLY'],
  ['call wipe()', 'QUERY_NOT_READ_ONLY'],
  ['do $$ begin delete from guarded; end $$', 'QUERY_NOT_READ_ONLY'],
  ['begin', 'QUERY_NOT_READ_ONLY'],
  ['commit', 'QUERY_NOT_READ_ONLY'],
  ['set transaction read write', 'QUERY_NOT_READ_ONLY'],
  ['set default_transaction_read_only = off', 'QUERY_NOT_READ_ONLY'],
  ['reset all', 'QUERY_NOT_READ_ONLY'],
  ['lock table guarded', 'QUERY_NOT_READ_ONLY'],
  ['listen x', 'QUERY_NOT_READ_ONLY'],
  ['notify x', 'QUERY_NOT_READ_ONLY'],
  ['prepare p as delete from guarded', 'QUERY_NOT_READ_ONLY'],
  ['declare c cursor for select 1', 'QUERY_NOT_READ_ONLY'],
  ['vacuum guarded', 'QUERY_NOT_READ_ONLY'],
  ['analyze guarded', 'QUERY_NOT_READ_ONLY'],
  ['refresh materialized view guarded_view', 'QUERY_NOT_READ_ONLY'],
  ["load 'plpgsql'", 'QUERY_NOT_READ_ONLY'],
  ["select pg_read_file('/etc/passwd')", 'QUERY_FUNCTION_DENIED'],
  ["select pg_catalog.pg_read_binary_file('/etc/passwd')", 'QUERY_FUNCTION_DENIED'],
  ["select * from pg_ls_dir('.')", 'QUERY_FUNCTION_DENIED'],
  ["select lo_import('/etc/passwd')", 'QUERY_FUNCTION_DENIED'],
  [`select lo_export(1, '${PWNED}')`, 'QUERY_FUNCTION_DENIED'],
  ['select pg_sleep(30)', 'QUERY_FUNCTION_DENIED'],
  ["select set_config('default_transaction_read_only', 'off', false)", 'QUERY_FUNCTION_DENIED'],
  ['select pg_terminate_backend(pid) from pg_stat_activity', 'QUERY_FUNCTION_DENIED'],
  ['select pg_cancel_backend(1)', 'QUERY_FUNCTION_DENIED'],
  ['select pg_advisory_lock(1)', 'QUERY_FUNCTION_DENIED'],
  ['select pg_reload_conf()', 'QUERY_FUNCTION_DENIED'],
  ["select dblink_exec('dbname=postgres', 'delete from guarded')", 'QUERY_FUNCTION_DENIED'],
  ["select query_to_xml('delete from guarded', true, true, '')", 'QUERY_FUNCTION_DENIED'],
  ["select nextval('guarded_seq')", 'QUERY_FUNCTION_DENIED'],
  ['selec 1', 'QUERY_UNPARSABLE'],
  ['-- only a comment', 'QUERY_UNPARSABLE'],
];

/** The tables the tests read and try to change, and one of every type a value can take. */
export const SETUP = `
      create table guarded (id int primary key, v text);
      insert into guarded select g, 'row ' || g from generate_series(1, 5) g;
      create sequence guarded_seq;
      create materialized view guarded_view as select * from guarded;
      create procedure wipe() language sql as 'delete from guarded';
      create table typed (
        big bigint, exact numeric, small int, ratio float8, flag boolean, bytes bytea,
        at timestamptz, local timestamp, day date, doc jsonb, tags text[], nums int[], id uuid);
      insert into typed values (9007199254740993, 12345.678901234567890123, 42, 0.5, true,
        '\\xdeadbeef', '2024-05-01 10:00:00.25+02', '2024-05-01 10:00:00', '2024-05-01',
        '{"a": [1, 2], "b": null}', '{a,"b c",NULL}', '{1,2,3}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
      insert into typed (big) values (null);`;
