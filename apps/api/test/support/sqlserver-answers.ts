import type { TdsColumn, TdsLogin, TdsResultSet } from './tds-peer';

const text = (name: string): TdsColumn => ({ name, type: 'nvarchar' });
const int = (name: string): TdsColumn => ({ name, type: 'int' });
const bigint = (name: string): TdsColumn => ({ name, type: 'bigint' });

/**
 * What the `sales` database of the TDS peer answers to Sluice's statements: the version with the
 * privileges of `sa` (sysadmin) and `reader` (read only), and its `sys.*` catalog rows, the
 * way SQL Server shapes them. The catalog holds dbo.customers, dbo.orders (FK to customers),
 * the view dbo.big_orders and hr.staff.
 */
export function sqlServerAnswers(): (sql: string, login: TdsLogin) => TdsResultSet[] | undefined {
  return (sql, login) => {
    if (sql.includes('@@VERSION') && sql.includes('IS_SRVROLEMEMBER')) {
      const admin = login.user === 'sa' ? 1 : 0;
      return [
        {
          columns: [text('version')].concat(
            [
              'sysadmin',
              'db_owner',
              'db_datawriter',
              'db_ddladmin',
              'can_create_table',
              'can_insert',
            ].map(int),
          ),
          rows: [
            [
              'Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64) \n\tOct  8 2022 05:58:25 \n\tCopyright (C) 2022 Microsoft Corporation\n\tDeveloper Edition (64-bit)',
              admin,
              admin,
              0,
              0,
              admin,
              admin,
            ],
          ],
        },
      ];
    }
    if (sql.includes('SUM(p.rows)')) {
      return [
        {
          columns: ['SCHEMA_NAME', 'NAME', 'KIND', 'COMMENT']
            .map(text)
            .concat(bigint('ROW_ESTIMATE')),
          rows: [
            ['dbo', 'big_orders', 'view', null, null],
            ['dbo', 'customers', 'table', 'People who buy', 1200],
            ['dbo', 'orders', 'table', null, 5400],
            ['hr', 'staff', 'table', null, 12],
          ],
        },
      ];
    }
    if (sql.includes('FROM sys.columns c')) {
      return [
        {
          columns: [
            text('SCHEMA_NAME'),
            text('TABLE_NAME'),
            int('ORDINAL'),
            ...['NAME', 'DATA_TYPE', 'NULLABLE', 'DEFAULT_VALUE', 'COMMENT'].map(text),
          ],
          rows: [
            ['dbo', 'big_orders', 1, 'id', 'int', 'NO', null, null],
            ['dbo', 'customers', 1, 'id', 'int', 'NO', null, null],
            ['dbo', 'customers', 2, 'name', 'nvarchar(100)', 'NO', null, 'Full name'],
            ['dbo', 'customers', 3, 'email', 'varchar(max)', 'YES', null, null],
            ['dbo', 'orders', 1, 'id', 'int', 'NO', null, null],
            ['dbo', 'orders', 2, 'customer_id', 'int', 'NO', null, null],
            ['dbo', 'orders', 3, 'total', 'decimal(10,2)', 'NO', '((0))', null],
            ['hr', 'staff', 1, 'id', 'int', 'NO', null, null],
          ],
        },
      ];
    }
    if (sql.includes('FROM sys.foreign_keys fk')) {
      const key = ['SCHEMA_NAME', 'TABLE_NAME', 'CONSTRAINT_NAME', 'KEY_TYPE', 'COLUMN_NAME'];
      return [
        {
          columns: key
            .concat(['REF_SCHEMA', 'REF_TABLE', 'REF_COLUMN'])
            .map(text)
            .concat(int('POSITION')),
          rows: [
            ['dbo', 'customers', 'PK_customers', 'PRIMARY', 'id', null, null, null, 1],
            [
              'dbo',
              'orders',
              'FK_orders_customers',
              'FOREIGN',
              'customer_id',
              'dbo',
              'customers',
              'id',
              1,
            ],
            ['dbo', 'orders', 'PK_orders', 'PRIMARY', 'id', null, null, null, 1],
            ['hr', 'staff', 'PK_staff', 'PRIMARY', 'id', null, null, null, 1],
          ],
        },
      ];
    }
    if (sql.includes('is_included_column')) {
      return [
        {
          columns: ['SCHEMA_NAME', 'TABLE_NAME', 'INDEX_NAME', 'IS_UNIQUE', 'COLUMN_NAME'].map(
            text,
          ),
          rows: [
            ['dbo', 'customers', 'UX_customers_email', 'YES', 'email'],
            ['dbo', 'orders', 'IX_orders_customer', 'NO', 'customer_id'],
          ],
        },
      ];
    }
    return undefined;
  };
}
