export const PERMISSIONS = [
  'connections:read',
  'connections:write',
  'connections:delete',
  'connections:test',
  'connections:query',
  'connections:query_write',
  'connections:govern',
  'users:read',
  'users:write',
  'audit:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['admin', 'contributor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

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
];

/** The matrix of PRODUCT.md §4: seeded at start-up, shown by the UI. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  contributor: CONNECTION_PERMISSIONS,
  viewer: [],
};
