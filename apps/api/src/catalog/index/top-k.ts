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

/**
 * Keeps the highest scores seen in `heap` (a min-heap of `heap.length`, `size` of them held):
 * `value` goes in while there is room or when it beats the least, which is `heap[0]`. Returns
 * the new size.
 */
export function keepBest(heap: Float64Array, size: number, value: number): number {
  const k = heap.length;
  if (size < k) {
    // Sift up: the least score stays at the root.
    let at = size;
    while (at > 0 && heap[(at - 1) >> 1]! > value) {
      heap[at] = heap[(at - 1) >> 1]!;
      at = (at - 1) >> 1;
    }
    heap[at] = value;
    return size + 1;
  }
  if (value <= heap[0]!) return size;
  let at = 0;
  for (;;) {
    let child = 2 * at + 1;
    if (child >= k) break;
    if (child + 1 < k && heap[child + 1]! < heap[child]!) child++;
    if (heap[child]! >= value) break;
    heap[at] = heap[child]!;
    at = child;
  }
  heap[at] = value;
  return size;
}

/**
 * The `k`-th highest score among the candidates' (k ≤ their count). Equal scores cost
 * nothing, where ordering them by candidate (topK) moves them through its list.
 */
export function kthHighest(candidates: ArrayLike<number>, score: ArrayLike<number>, k: number) {
  const heap = new Float64Array(k);
  let size = 0;
  for (let n = 0; n < candidates.length; n++) size = keepBest(heap, size, score[candidates[n]!]!);
  return heap[0]!;
}
