import type { Permission } from '@sluice/contracts';

export interface GuardedRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  permission: Permission | null;
  body?: unknown;
}

const SOME_ID = '00000000-0000-4000-8000-000000000000';

/** Every route behind @Auth: each must answer 401 without a token and 403 without its permission. */
export const GUARDED_ROUTES: GuardedRoute[] = [
  { method: 'GET', url: '/api/auth/me', permission: null },
  { method: 'POST', url: '/api/auth/logout', permission: null },
  { method: 'POST', url: '/api/auth/logout-everywhere', permission: null },
  { method: 'GET', url: '/api/users', permission: 'users:read' },
  { method: 'POST', url: '/api/users', permission: 'users:write', body: {} },
  { method: 'PATCH', url: `/api/users/${SOME_ID}`, permission: 'users:write', body: {} },
  { method: 'GET', url: '/api/audit-events', permission: 'audit:read' },
  { method: 'GET', url: '/api/connections', permission: 'connections:read' },
  { method: 'GET', url: `/api/connections/${SOME_ID}`, permission: 'connections:read' },
  { method: 'POST', url: '/api/connections', permission: 'connections:write', body: {} },
  {
    method: 'PATCH',
    url: `/api/connections/${SOME_ID}`,
    permission: 'connections:write',
    body: {},
  },
  { method: 'DELETE', url: `/api/connections/${SOME_ID}`, permission: 'connections:delete' },
  { method: 'POST', url: '/api/connections/test', permission: 'connections:test', body: {} },
  { method: 'POST', url: '/api/connections/parse', permission: 'connections:write', body: {} },
  { method: 'POST', url: `/api/connections/${SOME_ID}/test`, permission: 'connections:test' },
];
