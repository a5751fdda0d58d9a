export const PERMISSIONS = [
  'connections:read',
  'connections:write',
  'connections:delete',
  'connections:test',
  'connections:query',
  'connections:query_write',
  'connections:govern',
  'catalog:read',
  'users:read',
  'users:write',
  'audit:read',
  'alerts:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['admin', 'contributor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** What each role is for, in one line: shown where a role is chosen. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: 'Everything: connections, their write credentials, users, alerts and the audit log.',
  contributor: 'Registers, tests and queries connections (read-only); no users or audit log.',
  viewer: 'Browses and searches the catalog (tables and columns); never sees connection settings.',
};

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  contributor: 'Contributor',
  viewer: 'Viewer',
};

const CONNECTION_PERMISSIONS: Permission[] = [
  'connections:read',
  'connections:write',
  'connections:delete',
  'connections:test',
  'connections:query',
  'catalog:read',
];

/** The matrix of PRODUCT.md §4: seeded at start-up, shown by the UI. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  contributor: CONNECTION_PERMISSIONS,
  viewer: ['catalog:read'],
};
