import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  catalogOf,
  createConnection,
  postgresCatalogTarget,
  waitForSchema,
} from '../support/schema-sync';

/**
 * Names, types, defaults and comments holding what COPY's text format treats specially (tab,
 * line breaks, backslashes, its null marker `\N`, its end marker `\.`): the catalog stores
 * each exactly as the target has it.
 */
const AWKWARD = String.raw`
create table public.awkward (
  "tab	name" int,
  "line
break" text default E'a\\b',
  "back\slash" text,
  "\N" text,
  "\." int,
  plain int
);
comment on column public.awkward."tab	name" is E'tab\there, and a\r\nwindows line';
comment on column public.awkward."back\slash" is 'ends in a backslash \';
comment on column public.awkward."\N" is '\N';
`;

describe('a catalog with awkward names and comments', () => {
  let t: TestApp;
  let target: Awaited<ReturnType<typeof postgresCatalogTarget>>;

  beforeAll(async () => {
    target = await postgresCatalogTarget(AWKWARD);
    t = await createTestApp({ SLUICE_ROLE: 'all' });
  }, 60_000);
  afterAll(() => t.close());

  it('stores every column exactly as the target has it', async () => {
    const created = await createConnection(t, target.body);
    const ready = await waitForSchema(t, created.id, ['ready', 'failed']);
    expect(ready.schemaStatus, ready.schemaMessage ?? '').toBe('ready');
    const [awkward] = await catalogOf(t, created.id);
    expect(awkward?.name).toBe('awkward');
    expect(
      awkward?.columns.map(({ name, dataType, defaultValue, comment }) => ({
        name,
        dataType,
        defaultValue,
        comment,
      })),
    ).toEqual([
      {
        name: 'tab\tname',
        dataType: 'integer',
        defaultValue: null,
        comment: 'tab\there, and a\r\nwindows line',
      },
      { name: 'line\nbreak', dataType: 'text', defaultValue: "'a\\b'::text", comment: null },
      {
        name: 'back\\slash',
        dataType: 'text',
        defaultValue: null,
        comment: 'ends in a backslash \\',
      },
      { name: '\\N', dataType: 'text', defaultValue: null, comment: '\\N' },
      { name: '\\.', dataType: 'integer', defaultValue: null, comment: null },
      { name: 'plain', dataType: 'integer', defaultValue: null, comment: null },
    ]);
  });
});
