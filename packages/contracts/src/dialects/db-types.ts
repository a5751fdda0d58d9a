/** Every database type Sluice registers, in the order the UI lists them. A leaf: imports nothing. */
export const DB_TYPES = [
  'postgresql',
  'mysql',
  'sqlserver',
  'databricks',
  'snowflake',
  'oracle',
  'sqlite',
] as const;
export type DbType = (typeof DB_TYPES)[number];
