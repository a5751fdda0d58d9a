import type { Permission, Role } from '@sluice/contracts';

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** What the caller may do: the role's permissions, limited to an API token's scopes. */
  permissions: Permission[];
  /** The web or API session signed in with a password; null for an API token. */
  sessionId: string | null;
  /** The API token the caller presented, with the scopes it was created with. */
  token: { id: string; scopes: Permission[] } | null;
  /** A session whose user must choose a new password before anything else; false for a token. */
  mustChangePassword: boolean;
}

/** Who did something, and from where: what the audit log records. */
export interface Actor {
  userId: string | null;
  ip: string | null;
  userAgent: string | null;
  /** The API token the request came with, if any: recorded with each event. */
  tokenId?: string | null;
}

export const SESSION_COOKIE = 'sluice_session';
