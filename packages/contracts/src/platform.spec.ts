import { describe, expect, it } from 'vitest';
import {
  auditQuerySchema,
  createUserRequestSchema,
  loginRequestSchema,
  ROLE_PERMISSIONS,
  updateUserRequestSchema,
} from './index';

describe('loginRequestSchema', () => {
  it('lower-cases the email', () => {
    expect(loginRequestSchema.parse({ email: 'Ada@Example.COM', password: 'x' }).email).toBe(
      'ada@example.com',
    );
  });

  it('rejects unknown fields', () => {
    const result = loginRequestSchema.safeParse({ email: 'a@b.co', password: 'x', admin: true });
    expect(result.success).toBe(false);
  });
});

describe('createUserRequestSchema', () => {
  it('requires a password of 10 characters or more', () => {
    const short = createUserRequestSchema.safeParse({
      email: 'a@b.co',
      name: 'A',
      role: 'viewer',
      password: '123456789',
    });
    expect(short.success).toBe(false);
    const ok = createUserRequestSchema.safeParse({
      email: 'a@b.co',
      name: 'A',
      role: 'viewer',
      password: '1234567890',
    });
    expect(ok.success).toBe(true);
  });
});

describe('updateUserRequestSchema', () => {
  it('refuses an empty change', () => {
    expect(updateUserRequestSchema.safeParse({}).success).toBe(false);
    expect(updateUserRequestSchema.safeParse({ isActive: false }).success).toBe(true);
  });
});

describe('auditQuerySchema', () => {
  it('coerces paging and refuses a range that ends before it starts', () => {
    expect(auditQuerySchema.parse({ page: '2' })).toMatchObject({ page: 2, pageSize: 20 });
    const backwards = auditQuerySchema.safeParse({
      from: '2026-02-01T00:00:00Z',
      to: '2026-01-01T00:00:00Z',
    });
    expect(backwards.success).toBe(false);
  });
});

describe('ROLE_PERMISSIONS', () => {
  it('matches PRODUCT.md §4', () => {
    expect(ROLE_PERMISSIONS.viewer).toEqual(['catalog:read']);
    expect(ROLE_PERMISSIONS.contributor).toEqual([
      'connections:read',
      'connections:write',
      'connections:delete',
      'connections:test',
      'connections:query',
      'catalog:read',
    ]);
    expect(ROLE_PERMISSIONS.admin).toContain('audit:read');
    expect(ROLE_PERMISSIONS.admin).toEqual(
      expect.arrayContaining(['connections:query_write', 'connections:govern']),
    );
  });
});

describe('auditQuerySchema dates (security finding 15)', () => {
  it.each(['0000-01-01T00:00:00Z', '1899-12-31T23:59:59Z', '9999-12-31T23:59:59-01:00'])(
    'refuses from=%s with a message on the field',
    (from) => {
      const parsed = auditQuerySchema.safeParse({ from });
      expect(parsed.error?.issues[0]?.path).toEqual(['from']);
    },
  );
});
