import { describe, expect, it } from 'vitest';
import type { TaggedObject } from '@sluice/contracts';
import { documentsOf } from './catalog-documents';

const column = (name: string, extra: Partial<TaggedObject['columns'][number]> = {}) => ({
  ordinal: 1,
  name,
  dataType: 'integer',
  nullable: false,
  defaultValue: null,
  comment: null,
  tag: null,
  ...extra,
});

const invoice: TaggedObject = {
  schemaName: 'sales',
  name: 'inv_hdr',
  kind: 'table',
  comment: 'Invoice headers',
  rowEstimate: 10,
  primaryKey: ['id'],
  foreignKeys: [
    {
      name: 'inv_cust',
      columns: ['cust_id'],
      referencedSchema: 'sales',
      referencedTable: 'customers',
      referencedColumns: ['id'],
    },
  ],
  indexes: [],
  columns: [
    column('id'),
    column('cust_id'),
    column('amt_due', { dataType: 'numeric(12,2)', comment: 'amount invoiced' }),
    column('card_number', { dataType: 'text', tag: 'hidden', comment: 'secret thing' }),
  ],
};

describe('catalog documents', () => {
  it('says name, type, PK, FK and comment per column, and leaves hidden columns out', () => {
    const [doc, more] = documentsOf(invoice);
    expect(more).toBeUndefined();
    expect(doc!.text).toBe(
      [
        'table sales.inv_hdr: Invoice headers',
        'id integer PK',
        'cust_id integer FK → customers.id',
        'amt_due numeric(12,2) amount invoiced',
      ].join('\n'),
    );
    expect(doc!.text).not.toContain('card_number');
    expect(doc!.commentWords).not.toContain('secret');
    expect(doc!.nameWords).toBe('inv_hdr inv hdr');
    expect(doc!.columnWords).toBe('id cust id amt due');
    expect(doc!.refs).toEqual(['sales.customers']);
  });

  it('splits a wide table in parts of 50 columns, each with the table name', () => {
    const wide = { ...invoice, columns: Array.from({ length: 120 }, (_, i) => column(`c${i}`)) };
    const docs = documentsOf(wide);
    expect(docs.map((d) => d.part)).toEqual([0, 1, 2]);
    expect(docs[2]!.text.split('\n')).toHaveLength(21);
    expect(docs.every((d) => d.text.startsWith('table sales.inv_hdr'))).toBe(true);
  });

  it('hashes the content: the same table the same hash, a changed comment another', () => {
    const [a] = documentsOf(invoice);
    const [b] = documentsOf(structuredClone(invoice));
    const [c] = documentsOf({ ...invoice, comment: 'Invoices' });
    expect(a!.contentHash).toBe(b!.contentHash);
    expect(a!.contentHash).not.toBe(c!.contentHash);
  });
});
