import type { DatabricksResult, DatabricksSession } from './databricks-peer';

/**
 * What the `main` catalog of the Databricks peer answers: the session's context, the grants of a
 * workspace admin (all on the catalog) or of a user with none,
 * and its INFORMATION_SCHEMA rows: sales.customers, sales.orders (FK to customers), the view
 * sales.big_orders and raw.events.
 */
export function databricksAnswers(
  user = 'ann@example.com',
  admin = false,
): (sql: string, session: DatabricksSession) => DatabricksResult | undefined {
  return (sql, session) => {
    if (sql.includes('current_catalog()')) {
      return {
        columns: ['VERSION', 'CATALOG', 'USER_NAME', 'IS_ADMIN'],
        rows: [['3.5.0 1b2c3d4e', session.catalog, user, String(admin)]],
      };
    }
    if (sql.includes('information_schema.catalog_privileges')) {
      return {
        columns: ['PRIVILEGE', 'OBJECT'],
        rows: admin ? [['ALL PRIVILEGES', 'CATALOG main']] : [],
      };
    }
    if (sql.includes('FROM information_schema.tables')) {
      return {
        columns: ['SCHEMA_NAME', 'NAME', 'KIND', 'COMMENT', 'ROW_ESTIMATE'],
        rows: [
          ['raw', 'events', 'table', null, null],
          ['sales', 'big_orders', 'view', null, null],
          ['sales', 'customers', 'table', 'People who buy', null],
          ['sales', 'orders', 'table', null, null],
        ],
      };
    }
    if (sql.includes('FROM information_schema.columns')) {
      return {
        columns: [
          'SCHEMA_NAME',
          'TABLE_NAME',
          'ORDINAL',
          'NAME',
          'DATA_TYPE',
          'NULLABLE',
          'DEFAULT_VALUE',
          'COMMENT',
        ],
        rows: [
          ['raw', 'events', '0', 'payload', 'string', 'YES', null, null],
          ['sales', 'big_orders', '0', 'id', 'bigint', 'YES', null, null],
          ['sales', 'customers', '0', 'id', 'bigint', 'NO', null, null],
          ['sales', 'customers', '1', 'email', 'string', 'YES', null, 'Contact address'],
          ['sales', 'orders', '0', 'id', 'bigint', 'NO', null, null],
          ['sales', 'orders', '1', 'customer_id', 'bigint', 'NO', null, null],
          ['sales', 'orders', '2', 'total', 'decimal(10,2)', 'YES', '0', null],
        ],
      };
    }
    if (sql.includes('FROM information_schema.table_constraints')) {
      return {
        columns: [
          'SCHEMA_NAME',
          'TABLE_NAME',
          'CONSTRAINT_NAME',
          'KEY_TYPE',
          'COLUMN_NAME',
          'REF_SCHEMA',
          'REF_TABLE',
          'REF_COLUMN',
        ],
        rows: [
          ['sales', 'customers', 'customers_pk', 'PRIMARY', 'id', null, null, null],
          [
            'sales',
            'orders',
            'orders_customers_fk',
            'FOREIGN',
            'customer_id',
            'sales',
            'customers',
            'id',
          ],
          ['sales', 'orders', 'orders_pk', 'PRIMARY', 'id', null, null, null],
        ],
      };
    }
    return undefined;
  };
}
