/**
 * A sort's order for scores best first: -1, 0 or 1, never the scores' difference (a sort's
 * comparator returning a fraction boxes it, a heap number per comparison: 40 kB of garbage a
 * vector search).
 */
export const higherFirst = (a: number, b: number): number => (a > b ? -1 : a < b ? 1 : 0);

/**
 * The `k` candidates with the highest scores, best first, equal scores by the lower candidate
 * number (a partial selection, not a sort of all).
 */
export function topK(candidates: ArrayLike<number>, score: ArrayLike<number>, k: number): number[] {
  const top: number[] = [];
  const before = (a: number, b: number) =>
    score[a]! > score[b]! || (score[a] === score[b] && a < b);
  for (let n = 0; n < candidates.length; n++) {
    const c = candidates[n]!;
    if (top.length === k && !before(c, top[k - 1]!)) continue;
    let at = top.length;
    while (at > 0 && before(c, top[at - 1]!)) at--;
    top.splice(at, 0, c);
    if (top.length > k) top.pop();
  }
  return top;
}
