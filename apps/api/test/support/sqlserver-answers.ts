import type { TdsLogin, TdsResultSet } from './tds-peer';

const text = (name: string) => ({ name, type: 'nvarchar' as const });
const int = (name: string) => ({ name, type: 'int' as const });
const bigint = (name: string) => ({ name, type: 'bigint' as const });

/**
 * What the `sales` database of the TDS peer answers to Sluice's statements: the version, the
 * privileges of `sa` (sysadmin) and `reader` (read only), and its `sys.*` catalog rows, the
 * way SQL Server shapes them. The catalog holds dbo.customers, dbo.orders (FK to customers),
 * the view dbo.big_orders and hr.staff.
 */
export function sqlServerAnswers(): (sql: string, login: TdsLogin) => TdsResultSet[] | undefined {
  return (sql, login) => {
    if (sql.includes('@@VERSION')) {
      return [
        {
          columns: [text('version')],
          rows: [
            [
              'Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64) \n\tOct  8 2022 05:58:25 \n\tCopyright (C) 2022 Microsoft Corporation\n\tDeveloper Edition (64-bit)',
            ],
          ],
        },
      ];
    }
    if (sql.includes('IS_SRVROLEMEMBER')) {
      const admin = login.user === 'sa' ? 1 : 0;
      return [
        {
          columns: ['sysadmin', 'db_owner', 'db_datawriter', 'db_ddladmin']
            .map(int)
            .concat([int('can_create_table'), int('can_insert')]),
          rows: [[admin, admin, 0, 0, admin, admin]],
        },
      ];
    }
    if (sql.includes('SUM(p.rows)')) {
      return [
        {
          columns: [
            text('schema_name'),
            text('name'),
            text('type'),
            text('comment'),
            bigint('row_estimate'),
          ],
          rows: [
            ['dbo', 'big_orders', 'V ', null, null],
            ['dbo', 'customers', 'U ', 'People who buy', 1200],
            ['dbo', 'orders', 'U ', null, 5400],
            ['hr', 'staff', 'U ', null, 12],
          ],
        },
      ];
    }
    if (sql.includes('FROM sys.columns c')) {
      return [
        {
          columns: [
            text('schema_name'),
            text('table_name'),
            int('ordinal'),
            text('name'),
            text('data_type'),
            int('nullable'),
            text('default_value'),
            text('comment'),
          ],
          rows: [
            ['dbo', 'big_orders', 1, 'id', 'int', 0, null, null],
            ['dbo', 'customers', 1, 'id', 'int', 0, null, null],
            ['dbo', 'customers', 2, 'name', 'nvarchar(100)', 0, null, 'Full name'],
            ['dbo', 'customers', 3, 'email', 'varchar(max)', 1, null, null],
            ['dbo', 'orders', 1, 'id', 'int', 0, null, null],
            ['dbo', 'orders', 2, 'customer_id', 'int', 0, null, null],
            ['dbo', 'orders', 3, 'total', 'decimal(10,2)', 0, '((0))', null],
            ['hr', 'staff', 1, 'id', 'int', 0, null, null],
          ],
        },
      ];
    }
    if (sql.includes('FROM sys.indexes i')) {
      return [
        {
          columns: [
            text('schema_name'),
            text('table_name'),
            text('index_name'),
            int('is_unique'),
            int('is_primary_key'),
            text('column_name'),
          ],
          rows: [
            ['dbo', 'customers', 'PK_customers', 1, 1, 'id'],
            ['dbo', 'customers', 'UX_customers_email', 1, 0, 'email'],
            ['dbo', 'orders', 'IX_orders_customer', 0, 0, 'customer_id'],
            ['dbo', 'orders', 'PK_orders', 1, 1, 'id'],
            ['hr', 'staff', 'PK_staff', 1, 1, 'id'],
          ],
        },
      ];
    }
    if (sql.includes('FROM sys.foreign_keys fk')) {
      return [
        {
          columns: [
            text('schema_name'),
            text('table_name'),
            text('constraint_name'),
            text('column_name'),
            text('ref_schema'),
            text('ref_table'),
            text('ref_column'),
          ],
          rows: [['dbo', 'orders', 'FK_orders_customers', 'customer_id', 'dbo', 'customers', 'id']],
        },
      ];
    }
    return undefined;
  };
}
