import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { schemaFilter, schemaPatternsOf, wildcardMatch } from './introspection';

describe('schemaFilter', () => {
  it('keeps every user schema and drops system schemas when no pattern is set', () => {
    const keep = schemaFilter(undefined);
    expect(['public', 'sales', 'Analytics'].filter(keep)).toEqual(['public', 'sales', 'Analytics']);
    for (const system of [
      'pg_catalog',
      'information_schema',
      'INFORMATION_SCHEMA',
      'pg_toast',
      'pg_temp_3',
      'pg_toast_temp_3',
      'mysql',
      'performance_schema',
      'sys',
    ]) {
      expect(keep(system), system).toBe(false);
    }
  });

  it('keeps only the included schemas, with * matching any run, case-insensitively', () => {
    const keep = schemaFilter({ include: ['sales', 'stage_*'] });
    expect(['SALES', 'stage_', 'stage_2024', 'sales_eu', 'public'].filter(keep)).toEqual([
      'SALES',
      'stage_',
      'stage_2024',
    ]);
  });

  it('drops the excluded schemas, and exclusion wins over inclusion', () => {
    const keep = schemaFilter({ include: ['*'], exclude: ['tmp*', 'audit'] });
    expect(['public', 'tmp', 'tmp_x', 'audit', 'audit_log'].filter(keep)).toEqual([
      'public',
      'audit_log',
    ]);
  });

  it('treats regular-expression characters in a pattern as plain text', () => {
    const keep = schemaFilter({ include: ['a.b', 'c+(d)'] });
    expect(['a.b', 'axb', 'c+(d)', 'cc(d)'].filter(keep)).toEqual(['a.b', 'c+(d)']);
  });

  it('never includes a system schema, even when a pattern names it', () => {
    expect(schemaFilter({ include: ['pg_catalog', 'my*'] })('pg_catalog')).toBe(false);
    expect(schemaFilter({ include: ['pg_catalog', 'my*'] })('mysql')).toBe(false);
  });
});

describe('schemaPatternsOf', () => {
  it('reads options.schemas, and nothing else', () => {
    expect(schemaPatternsOf({ schemas: { include: ['a'] } })).toEqual({ include: ['a'] });
    expect(schemaPatternsOf({})).toBeUndefined();
    expect(schemaPatternsOf({ schemas: 'a' })).toBeUndefined();
  });
});

describe('wildcardMatch', () => {
  it('answers a pattern of 250 stars and an x at once, without backtracking', () => {
    const pattern = `${'*'.repeat(250)}x`;
    // A regex built from this pattern backtracked for hours on the same input; the test's own
    // timeout is what would catch a return of that.
    expect(wildcardMatch(pattern, 'a'.repeat(5000))).toBe(false);
    expect(wildcardMatch(pattern, `${'a'.repeat(5000)}x`)).toBe(true);
  });

  it('agrees with a reference matcher on random patterns and names', () => {
    const reference = (pattern: string, text: string) =>
      new RegExp(
        `^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
        'is',
      ).test(text);
    fc.assert(
      fc.property(
        fc.stringMatching(/^[ab*]{0,8}$/),
        fc.stringMatching(/^[abAB]{0,10}$/),
        (pattern, text) => wildcardMatch(pattern, text) === reference(pattern, text),
      ),
      { numRuns: 2000 },
    );
  });
});
