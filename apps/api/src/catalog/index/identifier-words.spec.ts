import { describe, expect, it } from 'vitest';
import { identifierVariants, tsQueryOf, wordsOf } from './identifier-words';

describe('identifier words', () => {
  it.each([
    ['inv_hdr', ['inv', 'hdr']],
    ['customerId', ['customer', 'id']],
    ['CUSTOMER_ID', ['customer', 'id']],
    ['HTTPServer2', ['http', 'server', '2']],
    ['order-items.v2', ['order', 'items', 'v', '2']],
    ['Straße_Nr', ['straße', 'nr']],
  ])('splits %s', (identifier, words) => {
    expect(wordsOf(identifier)).toEqual(words);
  });

  it('turns a question into prefixes, singulars and abbreviations, without stop words', () => {
    const query = tsQueryOf('How much did customers pay?')!;
    const terms = query.split(' | ');
    expect(terms).toEqual(expect.arrayContaining(['customers:*', 'customer:*', 'cust', 'pay:*']));
    expect(terms).not.toContain('how:*');
    expect(terms).not.toContain('much:*');
    expect(tsQueryOf('how much is it')).toBeNull();
    expect(tsQueryOf('userId')).toBe('user:* | use');
    expect(tsQueryOf('id')).toBe('id');
  });

  it('spells an identifier the other ways', () => {
    expect(identifierVariants('customerId')).toEqual(['customer_id', 'customerid']);
    expect(identifierVariants('orders')).toEqual([]);
  });
});
