/** The `k` candidates with the highest scores, best first (a partial selection, not a sort of all). */
export function topK(candidates: Iterable<number>, score: ArrayLike<number>, k: number): number[] {
  const top: number[] = [];
  for (const c of candidates) {
    const s = score[c]!;
    if (top.length === k && s <= score[top[k - 1]!]!) continue;
    let at = top.length;
    while (at > 0 && score[top[at - 1]!]! < s) at--;
    top.splice(at, 0, c);
    if (top.length > k) top.pop();
  }
  return top;
}
