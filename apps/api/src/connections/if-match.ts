/**
 * The version an If-Match header expects: `"3"`, `W/"3"` or `3`; undefined for no header or `*`.
 * A value that names no version can never match, so it becomes -1 (412).
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  return match ? Number(match[1]) : -1;
}
