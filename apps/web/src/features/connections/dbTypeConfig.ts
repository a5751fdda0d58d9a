import { DB_TYPE_LABELS, type DbType } from '@sluice/contracts';

type ChipColor = 'primary' | 'warning' | 'error' | 'secondary' | 'info' | 'success' | 'default';

/** The spec's colours, plus Oracle and SQLite. */
export const DB_TYPE_CONFIG: Record<DbType, { label: string; color: ChipColor }> = {
  postgresql: { label: DB_TYPE_LABELS.postgresql, color: 'primary' },
  mysql: { label: DB_TYPE_LABELS.mysql, color: 'warning' },
  sqlserver: { label: DB_TYPE_LABELS.sqlserver, color: 'error' },
  databricks: { label: DB_TYPE_LABELS.databricks, color: 'secondary' },
  snowflake: { label: DB_TYPE_LABELS.snowflake, color: 'info' },
  oracle: { label: DB_TYPE_LABELS.oracle, color: 'success' },
  sqlite: { label: DB_TYPE_LABELS.sqlite, color: 'default' },
};
