import { Injectable } from '@nestjs/common';
import type { CreateUserRequest, UpdateUserRequest, User, UserListQuery } from '@sluice/contracts';
import { AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/domain-error';
import type { Actor, AuthUser } from '../auth/auth-user';
import { hashPassword } from '../auth/password';
import { SessionsRepository } from '../auth/sessions.repository';
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditService,
  ) {}

  list(query: UserListQuery) {
    return this.users.list(query);
  }

  async create(body: CreateUserRequest, actor: Actor): Promise<User> {
    const user = await this.users.insert({
      email: body.email,
      name: body.name,
      roleName: body.role,
      passwordHash: await hashPassword(body.password),
      mustChangePassword: body.mustChangePassword,
    });
    await this.audit.record(actor, {
      action: 'users:create',
      resourceType: 'user',
      resourceId: user.id,
      details: {
        email: user.email,
        role: user.role,
        ...(user.mustChangePassword && { mustChangePassword: true }),
      },
    });
    return user;
  }

  async update(id: string, body: UpdateUserRequest, me: AuthUser, actor: Actor): Promise<User> {
    const current = await this.users.findById(id);
    if (!current) throw notFound('User');
    const isSelf = id === me.id;
    if (isSelf && body.role !== undefined && body.role !== current.role) {
      throw new DomainError('FORBIDDEN', 'You cannot change your own role');
    }
    if (isSelf && body.isActive === false)
      throw new DomainError('FORBIDDEN', 'You cannot deactivate yourself');
    const losesAdmin =
      current.role === 'admin' &&
      current.isActive &&
      (body.isActive === false || (body.role ?? 'admin') !== 'admin');
    const changes = {
      name: body.name,
      roleName: body.role,
      isActive: body.isActive,
      passwordHash: body.password !== undefined ? await hashPassword(body.password) : undefined,
      // A password you choose yourself needs no change at the next sign-in.
      mustChangePassword:
        body.mustChangePassword ?? (isSelf && body.password !== undefined ? false : undefined),
    };
    const updated = losesAdmin
      ? await this.users.updateKeepingAnAdmin(id, changes)
      : await this.users.update(id, changes);
    if (updated === 'last_admin')
      throw new DomainError('CONFLICT', 'This is the last active admin: make another admin first');
    if (!updated) throw notFound('User');
    // A new password ends every other session: whoever knew the old one is signed out, and
    // a user who changes their own keeps only the session they changed it from.
    if (body.password !== undefined)
      await this.sessions.revokeAllOf(id, isSelf ? (me.sessionId ?? undefined) : undefined);
    const changed = (Object.keys(body) as (keyof UpdateUserRequest)[]).filter(
      (k) => body[k] !== undefined,
    );
    await this.audit.record(actor, {
      action: 'users:update',
      resourceType: 'user',
      resourceId: id,
      details: {
        changedFields: changed,
        ...(body.role !== undefined && { role: { from: current.role, to: body.role } }),
        ...(body.isActive !== undefined && { isActive: body.isActive }),
        ...(body.mustChangePassword !== undefined && {
          mustChangePassword: body.mustChangePassword,
        }),
      },
    });
    return updated;
  }
}
