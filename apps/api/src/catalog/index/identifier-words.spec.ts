import { describe, expect, it } from 'vitest';
import { identifierVariants, questionWords, wordsOf } from './identifier-words';

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
    expect(questionWords('How much did customers pay?')).toEqual([
      {
        word: 'customers',
        prefixes: ['customers', 'customer'],
        abbreviations: ['cus', 'cust', 'custo', 'custom', 'custome', 'customer'],
      },
      { word: 'pay', prefixes: ['pay'], abbreviations: [] },
    ]);
    expect(questionWords('how much is it')).toEqual([]);
    expect(questionWords('userId').map((w) => w.word)).toEqual(['user']);
    expect(questionWords('id')).toEqual([{ word: 'id', prefixes: [], abbreviations: ['id'] }]);
  });

  it('spells an identifier the other ways', () => {
    expect(identifierVariants('customerId')).toEqual(['customer_id', 'customerid']);
    expect(identifierVariants('orders')).toEqual([]);
  });
});
