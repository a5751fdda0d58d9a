import { describe, expect, it } from 'vitest';
import { questionWords } from './identifier-words';
import { COLUMN, COMMENT, NAME, postingsOf } from './postings';
import { rankWords } from './word-rank';
import { numberTables } from './table-names';

/** A deterministic pseudo-random sequence (tests repeat exactly). */
function random(seed: number) {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

const VOCABULARY =
  `customer invoice order payment product shipment warehouse employee payroll account
  ledger refund supplier contract campaign session event ticket subscription region amount`
    .split(/\s+/)
    .filter(Boolean);

/**
 * Tables whose names hold two words and whose columns and comments hold most words (as in a
 * warehouse where `customer_id` is in every table): the case where names settle a ranking.
 */
function catalog(size: number, seed: number) {
  const next = random(seed);
  const pick = () => VOCABULARY[Math.floor(next() * VOCABULARY.length)]!;
  const { names: tables, numberOf } = numberTables();
  for (let i = 0; i < size; i++) numberOf('s', `t${i}`);
  const lists = new Map<string, { tables: number[]; bits: number[] }>();
  for (let t = 0; t < size; t++) {
    const words = new Map<string, number>();
    const add = (word: string, bit: number) => words.set(word, (words.get(word) ?? 0) | bit);
    add(pick(), NAME);
    add(pick(), NAME);
    for (const word of VOCABULARY) if (next() < 0.8) add(word, COLUMN);
    if (next() < 0.3) add(pick(), COMMENT);
    for (const [word, bits] of words) {
      const list = lists.get(word) ?? { tables: [], bits: [] };
      list.tables.push(t);
      list.bits.push(bits);
      lists.set(word, list);
    }
  }
  return postingsOf(tables, lists);
}

const QUESTIONS = [
  'amount invoiced per customer',
  'payments by region',
  'which supplier contracts were refunded',
  'cust inv',
  'shipment',
  'ledger accounts',
  'events per session and ticket',
];

describe('ranking by words with max-score pruning', () => {
  it('ranks exactly as reading every posting does, and prunes where names settle it', () => {
    let prunedCount = 0;
    for (const seed of [1, 2, 3]) {
      const index = catalog(3_000, seed);
      for (const question of QUESTIONS)
        for (const limit of [1, 10, 100]) {
          const words = questionWords(question);
          const how = { prune: true, pruned: false };
          const fast = rankWords(index, words, limit, how);
          const full = rankWords(index, words, limit, { prune: false });
          expect(fast, `${question} (${limit}, seed ${seed})`).toEqual(full);
          expect(full.length).toBe(limit);
          if (how.pruned) prunedCount++;
        }
    }
    // Most questions are settled by the names; a check that never pruned would prove nothing.
    expect(prunedCount).toBeGreaterThan(QUESTIONS.length * 3);
  });

  it('leaves nothing behind between rankings', () => {
    const index = catalog(500, 4);
    const words = questionWords('invoice customer');
    const first = rankWords(index, words, 20);
    rankWords(index, questionWords('payroll'), 20);
    expect(rankWords(index, words, 20)).toEqual(first);
    expect(index.scratch!.total.every((v) => v === 0)).toBe(true);
    expect(index.scratch!.found.every((v) => v === 0)).toBe(true);
    expect(index.scratch!.sure.every((v) => v === 0)).toBe(true);
  });

  it('takes the score of a table whose name settles every word, looking up only its reasons', () => {
    const index = catalog(3_000, 5);
    for (const question of ['shipment', 'ledger', 'campaign']) {
      const words = questionWords(question);
      const how = { prune: true, pruned: false, rescored: -1 };
      const fast = rankWords(index, words, 25, how);
      // One word in about 300 names: each of them is settled, none is read again.
      expect(how).toMatchObject({ pruned: true, rescored: 0 });
      expect(fast).toEqual(rankWords(index, words, 25, { prune: false }));
      expect(fast.every((h) => h.reasons.includes('name'))).toBe(true);
      expect(fast.some((h) => h.reasons.length > 1)).toBe(true);
    }
  });

  it('stops reading names once enough tables have every word in their name, ranking the same', () => {
    const index = catalog(3_000, 6);
    for (const [question, limit] of [
      ['shipment', 25],
      ['ledger', 100],
      ['cust', 10],
      // payment and payroll: a table with the rarer one in its name scores the most.
      ['pay', 25],
    ] as const) {
      const words = questionWords(question);
      const how = { prune: true, namesRead: 0 };
      const fast = rankWords(index, words, limit, how);
      expect(fast).toEqual(rankWords(index, words, limit, { prune: false }));
      // About 280 tables have a word in their name; the first blocks hold enough of them.
      let names = 0;
      index.lexicon.forEach((word, i) => {
        if (word.startsWith(question)) names += index.named[i]! - index.start[i]!;
      });
      expect(how.namesRead, question).toBeGreaterThanOrEqual(limit);
      expect(how.namesRead, question).toBeLessThan(names * 0.75);
    }
  });

  it('reads on past a block of names that score less than a name can', () => {
    // 600 tables: payroll in the names of the first 300, payment (rarer, so it weighs more) in
    // the names of tables 400 to 409. The first block holds 256 payroll names and no payment.
    const { names: tables, numberOf } = numberTables();
    const lists = new Map([
      ['payroll', { tables: [] as number[], bits: [] as number[] }],
      ['payment', { tables: [] as number[], bits: [] as number[] }],
    ]);
    for (let t = 0; t < 600; t++) {
      numberOf('s', `t${t}`);
      const word = t < 300 ? 'payroll' : t >= 400 && t < 410 ? 'payment' : null;
      if (word) lists.get(word)!.tables.push(t);
      if (word) lists.get(word)!.bits.push(NAME);
    }
    const index = postingsOf(tables, lists);
    const how = { prune: true, namesRead: 0 };
    const hits = rankWords(index, questionWords('pay'), 10, how);
    expect(hits.map((h) => h.objectName)).toEqual(
      Array.from({ length: 10 }, (_, k) => `t${400 + k}`),
    );
    expect(how.namesRead).toBe(310);
  });

  it('opens a table named by a later word when its other places can still lift it', () => {
    // 600 tables (blocks of 256). Tables 0-9 have ledger in their name: after the first block
    // they are the best 10. Refund is in 20 names from table 300 on; table 300 also has ledger
    // in a column, which lifts it past them (ledger in 11 tables weighs 3.96, refund 3.38:
    // 3.96 + 3 × 3.38 = 14.1 > 3 × 3.96 = 11.9), where its name alone (10.1) would not.
    const { names: tables, numberOf } = numberTables();
    const lists = new Map([
      ['ledger', { tables: [] as number[], bits: [] as number[] }],
      ['refund', { tables: [] as number[], bits: [] as number[] }],
    ]);
    const add = (word: string, t: number, bits: number) => {
      lists.get(word)!.tables.push(t);
      lists.get(word)!.bits.push(bits);
    };
    for (let t = 0; t < 600; t++) {
      numberOf('s', `t${t}`);
      if (t < 10) add('ledger', t, NAME);
      if (t === 300) add('ledger', t, COLUMN);
      if (t >= 300 && t < 320) add('refund', t, NAME);
    }
    const index = postingsOf(tables, lists);
    const words = questionWords('ledger refund');
    const hits = rankWords(index, words, 10);
    expect(hits[0]).toMatchObject({ objectName: 't300', reasons: ['name', 'column'] });
    expect(hits).toEqual(rankWords(index, words, 10, { prune: false }));
  });
});
