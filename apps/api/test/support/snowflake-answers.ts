import type { SnowflakeResult, SnowflakeSession } from './snowflake-peer';

/**
 * What the SALES database of the Snowflake peer answers: the session's context, the grants of
 * SYSADMIN (owner) and ANALYST (none), and its INFORMATION_SCHEMA and SHOW … KEYS rows, shaped as
 * Snowflake shapes them: PUBLIC.CUSTOMERS, PUBLIC.ORDERS (FK to CUSTOMERS), the view
 * PUBLIC.BIG_ORDERS and STAGING.RAW_EVENTS.
 */
export function snowflakeAnswers(): (
  sql: string,
  session: SnowflakeSession,
) => SnowflakeResult | undefined {
  return (sql, session) => {
    if (sql.includes('CURRENT_VERSION()')) {
      return {
        columns: ['VERSION', 'DATABASE', 'WAREHOUSE', 'ROLE'],
        rows: [['9.38.1', session.database, session.warehouse, session.role]],
      };
    }
    if (sql.includes('information_schema.object_privileges')) {
      return {
        columns: ['PRIVILEGE', 'OBJECT'],
        rows: session.role === 'SYSADMIN' ? [['OWNERSHIP', 'DATABASE SALES']] : [],
      };
    }
    if (sql.includes('FROM information_schema.tables')) {
      return {
        columns: ['SCHEMA_NAME', 'NAME', 'KIND', 'COMMENT', 'ROW_ESTIMATE'],
        rows: [
          ['PUBLIC', 'BIG_ORDERS', 'view', null, null],
          ['PUBLIC', 'CUSTOMERS', 'table', 'People who buy', '1200'],
          ['PUBLIC', 'ORDERS', 'table', null, '5400'],
          ['STAGING', 'RAW_EVENTS', 'table', null, '0'],
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
          ['PUBLIC', 'BIG_ORDERS', '1', 'ID', 'NUMBER(38,0)', 'YES', null, null],
          ['PUBLIC', 'CUSTOMERS', '1', 'ID', 'NUMBER(38,0)', 'NO', null, null],
          ['PUBLIC', 'CUSTOMERS', '2', 'EMAIL', 'VARCHAR(200)', 'YES', null, 'Contact address'],
          ['PUBLIC', 'ORDERS', '1', 'ID', 'NUMBER(38,0)', 'NO', null, null],
          ['PUBLIC', 'ORDERS', '2', 'CUSTOMER_ID', 'NUMBER(38,0)', 'NO', null, null],
          [
            'PUBLIC',
            'ORDERS',
            '3',
            'PLACED_AT',
            'TIMESTAMP_NTZ',
            'YES',
            'CURRENT_TIMESTAMP()',
            null,
          ],
          ['STAGING', 'RAW_EVENTS', '1', 'PAYLOAD', 'VARIANT', 'YES', null, null],
        ],
      };
    }
    if (sql === 'SHOW PRIMARY KEYS IN DATABASE') {
      return {
        columns: ['schema_name', 'table_name', 'column_name', 'key_sequence', 'constraint_name'],
        rows: [
          ['PUBLIC', 'ORDERS', 'ID', '1', 'PK_ORDERS'],
          ['PUBLIC', 'CUSTOMERS', 'ID', '1', 'PK_CUSTOMERS'],
        ],
      };
    }
    if (sql === 'SHOW IMPORTED KEYS IN DATABASE') {
      return {
        columns: [
          'pk_schema_name',
          'pk_table_name',
          'pk_column_name',
          'fk_schema_name',
          'fk_table_name',
          'fk_column_name',
          'key_sequence',
          'fk_name',
        ],
        rows: [
          [
            'PUBLIC',
            'CUSTOMERS',
            'ID',
            'PUBLIC',
            'ORDERS',
            'CUSTOMER_ID',
            '1',
            'FK_ORDERS_CUSTOMERS',
          ],
        ],
      };
    }
    return undefined;
  };
}
