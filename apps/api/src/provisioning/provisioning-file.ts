import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { provisioningFileSchema, SECRET_REFERENCE, type ProvisioningFile } from '@sluice/contracts';
import { environmentVariable } from '../config/environment';

/** A provisioning file that cannot be applied: one line per problem, naming file, line and field. */
export class ProvisioningError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

export interface ParsedFile {
  /** The file's name (its base name): what its connections are managed by. */
  name: string;
  file: ProvisioningFile;
}

type Path = (string | number)[];

const pathText = (path: Path) =>
  path.reduce<string>(
    (text, part) =>
      typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part,
    '',
  );

/** The line of the deepest node of `path` the document has (a missing field: its parent's). */
function lineOf(doc: Document, counter: LineCounter, path: Path): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as
      { range?: [number, number, number] } | undefined;
    if (node?.range) return counter.linePos(node.range[0]).line;
  }
  return 1;
}

/** Replaces `${env:NAME}` and `${file:/path}` in every string; what cannot be resolved is a problem. */
function resolve(value: unknown, path: Path, problems: { path: Path; message: string }[]): unknown {
  if (typeof value === 'string')
    return value.replace(SECRET_REFERENCE, (_, kind: string, ref: string) => {
      const name = ref.trim();
      if (kind === 'env') {
        const found = environmentVariable(name);
        if (found === undefined)
          problems.push({
            path,
            message: `uses the environment variable ${name}, which is not set`,
          });
        return found ?? '';
      }
      try {
        return readFileSync(name, 'utf8').replace(/\r?\n$/, '');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
        problems.push({
          path,
          message: `uses the secret file ${name}, which cannot be read (${code})`,
        });
        return '';
      }
    });
  if (Array.isArray(value)) return value.map((item, i) => resolve(item, [...path, i], problems));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolve(item, [...path, key], problems)]),
    );
  return value;
}

/** Parses, resolves and validates one file; a `ProvisioningError` lists everything wrong with it. */
export function parseProvisioningFile(path: string, text: string): ParsedFile {
  const name = basename(path);
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length > 0)
    throw new ProvisioningError(
      doc.errors.map(
        (e) => `${name} line ${e.linePos?.[0].line ?? 1}: ${e.message.split('\n')[0]}`,
      ),
    );
  const problems: { path: Path; message: string }[] = [];
  const resolved = resolve(doc.toJS(), [], problems);
  const parsed = provisioningFileSchema.safeParse(resolved);
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      problems.push({ path: issue.path as Path, message: issue.message });
  if (problems.length > 0)
    throw new ProvisioningError(
      problems.map(
        (p) =>
          `${name} line ${lineOf(doc, counter, p.path)}: ${pathText(p.path) || 'the file'} ${p.message}`,
      ),
    );
  return { name, file: parsed.data! };
}

/** Reads a file from disk: its name and text, or a problem naming it. */
export function readProvisioningFile(path: string): ParsedFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ProvisioningError([
      `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    ]);
  }
  return parseProvisioningFile(path, text);
}
