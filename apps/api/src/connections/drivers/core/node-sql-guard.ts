import {
  functionDenied,
  nodesOf,
  notReadOnly,
  ONE_STATEMENT,
  refuse,
  type FunctionRules,
  type GuardRefusal,
} from './sql-guard';

/** What node-sql-parser's `astify` is, for whichever dialect's build is loaded. */
export type Astify = (sql: string) => unknown;

const READING = new Set(['select', 'show', 'desc']);
/** First words of the statements that are not reads, for those the grammar cannot parse. */
const STATEMENT_WORDS = new Set(
  (
    'insert update delete replace merge create drop alter truncate rename call set start begin ' +
    'commit rollback savepoint release lock unlock grant revoke do handler load attach detach ' +
    'pragma vacuum reindex analyze optimize repair flush kill reset purge install uninstall ' +
    'prepare execute deallocate xa use checksum cache change shutdown backup restore'
  ).split(' '),
);

/** Statement kinds that must not appear anywhere in the tree, nested ones included. */
const WRITING = new Set([
  'insert',
  'update',
  'delete',
  'replace',
  'merge',
  'create',
  'drop',
  'alter',
  'truncate',
  'rename',
  'call',
  'set',
  'lock',
  'unlock',
  'grant',
  'revoke',
  'attach',
  'detach',
  'pragma',
  'use',
  'load_data',
  'transaction',
  'exec',
  'declare',
  'analyze',
  'vacuum',
  'reindex',
  'handler',
]);

function functionName(node: Record<string, unknown>): string | null {
  if (node['type'] === 'aggr_func') return typeof node['name'] === 'string' ? node['name'] : null;
  if (node['type'] !== 'function') return null;
  const name = node['name'];
  if (typeof name === 'string') return name;
  const parts = (name as { name?: { value?: unknown }[] } | null)?.name;
  const last = Array.isArray(parts) ? parts[parts.length - 1]?.value : undefined;
  return typeof last === 'string' ? last : null;
}

function parsePosition(error: unknown): number | undefined {
  const offset = (error as { location?: { start?: { offset?: unknown } } }).location?.start?.offset;
  return typeof offset === 'number' ? offset + 1 : undefined;
}

/**
 * The node-sql-parser guard of MySQL and SQLite: one statement, a reading kind at the top, no
 * writing kind, `INTO` or locking clause anywhere, and no denied function.
 */
export function nodeSqlGuard(
  label: string,
  astifiers: Astify[],
  rules: FunctionRules,
  sql: string,
  write = false,
): GuardRefusal | null {
  let parsed: unknown;
  let firstError: unknown;
  for (const astify of astifiers) {
    try {
      parsed = astify(sql);
      break;
    } catch (error) {
      firstError ??= error;
    }
  }
  if (parsed === undefined) {
    // A statement the grammar does not know, but whose first word says it is no read.
    const first = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*([a-z]+)/i.exec(sql)?.[1]?.toLowerCase();
    if (first && STATEMENT_WORDS.has(first)) return notReadOnly(first.toUpperCase());
    return refuse(
      'QUERY_UNPARSABLE',
      `Sluice could not read this as one ${label} statement, so it did not run it`,
      parsePosition(firstError),
    );
  }
  const statements = (Array.isArray(parsed) ? parsed : [parsed]).filter(Boolean);
  if (statements.length !== 1) return ONE_STATEMENT;
  if (write) return null;
  const top = statements[0] as Record<string, unknown>;
  const kind = typeof top['type'] === 'string' ? top['type'] : 'This statement';
  if (!READING.has(kind)) return notReadOnly(kind.toUpperCase());
  for (const { key, node } of nodesOf(top)) {
    const type = node['type'];
    if (typeof type === 'string' && WRITING.has(type))
      return notReadOnly(`A nested ${type.toUpperCase()}`);
    if (key === 'into' && (node['keyword'] || node['position'] || node['expr']))
      return notReadOnly('SELECT … INTO');
    if ((node['locking_read'] || node['for_update']) && node['type'] === 'select')
      return notReadOnly('SELECT … FOR UPDATE / LOCK IN SHARE MODE');
    const name = functionName(node);
    const denied = name ? functionDenied(name, rules) : null;
    if (denied) return denied;
  }
  return null;
}
