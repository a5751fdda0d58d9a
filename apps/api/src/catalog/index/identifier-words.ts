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

/** What one word of a question looks for: itself and its singular as prefixes, and its abbreviations. */
export interface QuestionWord {
  word: string;
  /** `pay` finds payment; `customers` also looks for customer. */
  prefixes: string[];
  /** Its own first letters, down to three, as whole words: `inv` and `cust` in a name. */
  abbreviations: string[];
}

/**
 * A question's words as the word index looks for them, without stop words. Words of one or two
 * letters (`id`, `no`) name a column of nearly every table: they count only when there is
 * nothing else. Empty when nothing is left to look for.
 */
export function questionWords(question: string): QuestionWord[] {
  const words = [...new Set(wordsOf(question).filter((w) => !STOP_WORDS.has(w)))];
  const long = words.filter((w) => w.length >= SHORTEST_PREFIX);
  return (long.length > 0 ? long : words).map((word) => {
    if (word.length < SHORTEST_PREFIX) return { word, prefixes: [], abbreviations: [word] };
    const singular = word.replace(/(ies|es|s)$/, (m) =>
      m === 'ies' ? 'y' : m === 'es' ? 'e' : '',
    );
    const prefixes =
      singular !== word && singular.length >= SHORTEST_PREFIX ? [word, singular] : [word];
    const abbreviations: string[] = [];
    for (let n = SHORTEST_PREFIX; n < word.length; n++) abbreviations.push(word.slice(0, n));
    return { word, prefixes, abbreviations };
  });
}

/** Other spellings of an identifier typed in a search: snake_case and run together. */
export function identifierVariants(text: string): string[] {
  const words = wordsOf(text);
  if (words.length < 2) return [];
  return [words.join('_'), words.join('')];
}
