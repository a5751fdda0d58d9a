/**
 * Identifiers as words: `inv_hdr`, `customerId`, `CUSTOMER_ID` and `HTTPServer2` become
 * inv hdr, customer id, customer id and http server 2, so that a question's words meet them.
 */
export function wordsOf(identifier: string): string[] {
  return identifier
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([a-zA-Z])(\d)/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Words a question is made of that say nothing about which table it needs. */
const STOP_WORDS = new Set(
  `a an and any are as at be by can did do does for from get give had has have how i in into is
   it its list many me much my of on or our per show that the their them there these this those
   to us was we were what when where which who whose why will with you your all each every`
    .split(/\s+/)
    .filter(Boolean),
);

const SHORTEST_PREFIX = 3;

/**
 * A question as a full-text query over document words: every word, as a prefix (`pay`
 * finds payment), its singular (`customers` finds customer), and its own prefixes down to
 * three letters as whole words, so that an abbreviation in a name (`inv`, `cust`) matches
 * the word it abbreviates. Words of one or two letters count only when there is nothing
 * else. Null when nothing is left to look for.
 */
export function tsQueryOf(question: string): string | null {
  const terms = new Set<string>();
  const words = wordsOf(question).filter((w) => !STOP_WORDS.has(w));
  // `id`, `no`, `at` name a column of nearly every table: alone they are looked for, with
  // other words they would rank every table.
  const long = words.filter((w) => w.length >= SHORTEST_PREFIX);
  for (const word of long.length > 0 ? long : words) {
    if (word.length < SHORTEST_PREFIX) {
      terms.add(word);
      continue;
    }
    terms.add(`${word}:*`);
    const singular = word.replace(/(ies|es|s)$/, (m) =>
      m === 'ies' ? 'y' : m === 'es' ? 'e' : '',
    );
    if (singular !== word && singular.length >= SHORTEST_PREFIX) terms.add(`${singular}:*`);
    for (let n = SHORTEST_PREFIX; n < word.length; n++) terms.add(word.slice(0, n));
  }
  return terms.size === 0 ? null : [...terms].join(' | ');
}

/** Other spellings of an identifier typed in a search: snake_case and run together. */
export function identifierVariants(text: string): string[] {
  const words = wordsOf(text);
  if (words.length < 2) return [];
  return [words.join('_'), words.join('')];
}
