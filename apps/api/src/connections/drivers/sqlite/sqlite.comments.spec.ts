import { describe, expect, it } from 'vitest';
import { sqliteComments } from './sqlite.comments';

describe('sqliteComments', () => {
  it('reads a table comment after the parenthesis and trailing column comments', () => {
    const read = sqliteComments(`CREATE TABLE orders (
  -- One order per checkout
  id INTEGER PRIMARY KEY, -- the order number
  "customer id" INTEGER NOT NULL REFERENCES customers(id), -- who placed it
  total NUMERIC(12, 2), -- amount invoiced, tax included
  placed_at TEXT,
  FOREIGN KEY (id) REFERENCES x(id) -- not a column
)`);
    expect(read.table).toBe('One order per checkout');
    expect([...read.columns]).toEqual([
      ['id', 'the order number'],
      ['customer id', 'who placed it'],
      ['total', 'amount invoiced, tax included'],
    ]);
  });

  it('has nothing to say about a statement without comments, or none at all', () => {
    expect(sqliteComments('CREATE TABLE t (a INTEGER, b TEXT)')).toEqual({
      table: null,
      columns: new Map(),
    });
    expect(sqliteComments(null).table).toBeNull();
  });
});
