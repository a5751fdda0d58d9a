import { http, HttpResponse } from 'msw';
import { ROLE_PERMISSIONS, type Me, type Role, type User } from '@sluice/contracts';

export function meAs(role: Role, overrides: Partial<Me> = {}): Me {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    email: `${role}@example.com`,
    name: `${role[0]!.toUpperCase()}${role.slice(1)} Person`,
    role,
    permissions: [...ROLE_PERMISSIONS[role]],
    mustChangePassword: false,
    ...overrides,
  };
}

let seq = 0;
export function aUser(overrides: Partial<User> = {}): User {
  seq += 1;
  return {
    id: `22222222-2222-4222-8222-${String(seq).padStart(12, '0')}`,
    email: `person${seq}@example.com`,
    name: `Person ${seq}`,
    role: 'viewer',
    isActive: true,
    mustChangePassword: false,
    lastLoginAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export const signedInAs = (role: Role | null) =>
  http.get('/api/auth/session', () => HttpResponse.json({ data: role ? meAs(role) : null }));

export const problem = (status: number, detail: string, extra: Record<string, unknown> = {}) =>
  HttpResponse.json(
    { type: 'about:blank', title: 'Error', status, detail, code: 'ERR', ...extra },
    {
      status,
      headers: { 'content-type': 'application/problem+json' },
    },
  );
