import { describe, expect, it } from 'vitest';
import type { CatalogSearchRepository } from './catalog-search.repository';
import type { IndexVersions } from './per-connection-cache';
import { parseWords, WordIndex } from './word-index';

/** Documents as the index job writes them: `'word':position + weight` (A name, B column, C comment). */
const doc = (o: string, name: string, columns: string, comments = '', part = 0) => ({
  s: 'dw',
  o,
  part,
  w: [
    ...name.split(' ').map((w, i) => `'${w}':${i + 1}A`),
    ...columns.split(' ').map((w, i) => `'${w}':${i + 10}B`),
    ...comments
      .split(' ')
      .filter(Boolean)
      .map((w, i) => `'${w}':${i + 100}C`),
  ].join(' '),
});

const DOCS = [
  doc('inv_hdr', 'inv_hdr inv hdr', 'id cust id amt due', 'invoice headers amount invoiced'),
  doc('customers', 'customers', 'id full name email', 'people who buy'),
  doc('payroll', 'payroll', 'badge month gross amount', 'amount paid to staff'),
  doc('ledger', 'ledger', 'id amount account'),
  doc('wide', 'wide', 'c1 c2'),
  doc('wide', 'wide', 'invoice ref', '', 1),
  ...Array.from({ length: 40 }, (_, i) => doc(`t${i}`, `t${i}`, 'id amount created at')),
];

function indexOver(docs: typeof DOCS) {
  const repository = { words: () => Promise.resolve(docs) } as unknown as CatalogSearchRepository;
  const versions = { get: () => Promise.resolve(new Map([['c1', 1]])) } as unknown as IndexVersions;
  return new WordIndex(repository, versions);
}

describe('the word index', () => {
  it('reads a tsvector as words and where they are', () => {
    expect(parseWords(`'amt':3B 'inv':1A,7C 'it''s':9`)).toEqual(
      new Map([
        ['amt', 2],
        ['inv', 5],
        ["it's", 1],
      ]),
    );
  });

  it('weighs rare words over common ones, names over columns over comments', async () => {
    const index = indexOver(DOCS);
    const hits = await index.search('amount invoiced per customer', null, 5);
    expect(hits[0]).toMatchObject({ connectionId: 'c1', objectName: 'inv_hdr' });
    expect(hits[0]!.reasons).toEqual(['name', 'column', 'comment']);
    // `amount` is in 43 of 46 tables: it barely counts.
    const amount = await index.search('amount', null, 50);
    expect(amount.length).toBe(43);
    expect(amount[0]!.rank).toBeLessThan(hits[0]!.rank / 5);
  });

  it('finds abbreviations and a wide table through any of its parts, once', async () => {
    const index = indexOver(DOCS);
    expect((await index.search('invoices', null, 3)).map((h) => h.objectName)).toEqual([
      'inv_hdr',
      'wide',
    ]);
    expect((await index.search('customers', null, 3))[0]).toMatchObject({
      objectName: 'customers',
      reasons: ['name'],
    });
    expect(await index.search('how much', null, 3)).toEqual([]);
  });
});
