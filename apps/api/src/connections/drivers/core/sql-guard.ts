/**
 * The parser layer of read-only queries: each dialect parses a statement with a real grammar and
 * lets through exactly one statement of a reading kind, refusing anything it cannot parse.
 */
export type GuardCode =
  | 'QUERY_NOT_READ_ONLY'
  | 'QUERY_MULTIPLE_STATEMENTS'
  | 'QUERY_UNPARSABLE'
  | 'QUERY_FUNCTION_DENIED'
  | 'QUERY_NOT_SUPPORTED'
  | 'QUERY_COLUMN_HIDDEN';

export interface GuardRefusal {
  code: GuardCode;
  message: string;
  /** 1-based, where the parser stopped. */
  position?: number;
}

/**
 * null when the statement may run; else why not. With `write` (a query through the write
 * credential) one parsable statement of any kind may run.
 */
export type SqlGuard = (sql: string, write?: boolean) => Promise<GuardRefusal | null>;

export const refuse = (code: GuardCode, message: string, position?: number): GuardRefusal => ({
  code,
  message,
  ...(position !== undefined && { position }),
});

export const ONE_STATEMENT = refuse(
  'QUERY_MULTIPLE_STATEMENTS',
  'Sluice runs one statement at a time: remove the other statements (and any ";" between them)',
);

export function notReadOnly(what: string): GuardRefusal {
  return refuse(
    'QUERY_NOT_READ_ONLY',
    `${what} is not a read-only statement, and Sluice runs only SELECT, WITH … SELECT, EXPLAIN (without ANALYZE), SHOW and VALUES`,
  );
}

export function deniedFunction(name: string, why: string): GuardRefusal {
  return refuse(
    'QUERY_FUNCTION_DENIED',
    `${name}() is refused: it ${why}, which a read-only query through Sluice may not do`,
  );
}

/** What a refused function reaches, by name or by prefix. */
export interface FunctionRules {
  names: Readonly<Record<string, string>>;
  prefixes: readonly (readonly [string, string])[];
}

/** Why `name` is refused by `rules`, or null when it may run. */
export function functionDenied(name: string, rules: FunctionRules): GuardRefusal | null {
  const lower = name.toLowerCase();
  const why =
    rules.names[lower] ?? rules.prefixes.find(([prefix]) => lower.startsWith(prefix))?.[1];
  return why ? deniedFunction(lower, why) : null;
}

/** Every object in a parsed tree, depth first, with the key it hangs from. */
export function* nodesOf(
  node: unknown,
  key = '',
): Generator<{ key: string; node: Record<string, unknown> }> {
  if (Array.isArray(node)) {
    for (const item of node) yield* nodesOf(item, key);
  } else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    yield { key, node: record };
    for (const [k, v] of Object.entries(record)) yield* nodesOf(v, k);
  }
}

export const FILES = "reads or writes the server's files";
export const PROGRAMS = 'runs programs on the server';
export const SESSIONS = 'acts on other sessions or the server itself';
export const SETTINGS = "changes the server's or session's settings";
export const LOCKS = 'takes locks';
export const SLEEPS = 'makes the session wait';
export const REMOTE = 'reaches other servers';
export const DYNAMIC = 'runs SQL from a string, out of the parser’s sight';
export const WRITES = 'writes data';
