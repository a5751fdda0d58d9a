import type { Permission, Role } from '@sluice/contracts';

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  permissions: Permission[];
  sessionId: string;
}

/** Who did something, and from where: what the audit log records. */
export interface Actor {
  userId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export const SESSION_COOKIE = 'sluice_session';
