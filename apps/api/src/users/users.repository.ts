import { Inject, Injectable, Optional } from '@nestjs/common';
import { and, asc, count, eq, ilike, isNull, ne, or, sql } from 'drizzle-orm';
import type { Page, Role, User, UserListQuery } from '@sluice/contracts';
import { DATABASE, type Database } from '../db/database';
import { ChangeFeed } from '../db/change-feed';
import { roles, sessions, users } from '../db/tables';
import { likePattern, offsetOf, toPage } from '../common/pagination';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: roles.name,
  isActive: users.isActive,
  mustChangePassword: users.mustChangePassword,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  isActive: boolean;
  mustChangePassword: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

function toUser(row: UserRow): User {
  return {
    ...row,
    role: row.role as Role,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export interface UserChanges {
  name?: string;
  roleName?: Role;
  isActive?: boolean;
  passwordHash?: string;
  mustChangePassword?: boolean;
}

@Injectable()
export class UsersRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    /** Told of every write, so that this process drops what it keeps; absent in a command. */
    @Optional() private readonly changes?: ChangeFeed,
  ) {}

  async list(query: UserListQuery): Promise<Page<User>> {
    const where = query.search
      ? or(
          ilike(users.email, likePattern(query.search)),
          ilike(users.name, likePattern(query.search)),
        )
      : undefined;
    const [rows, [total]] = await Promise.all([
      this.db
        .select(userColumns)
        .from(users)
        .innerJoin(roles, eq(roles.id, users.roleId))
        .where(where)
        .orderBy(asc(sql`${users.email} collate sluice_natural`))
        .limit(query.pageSize)
        .offset(offsetOf(query.page, query.pageSize)),
      this.db.select({ value: count() }).from(users).where(where),
    ]);
    return toPage(rows.map(toUser), total?.value ?? 0, query.page, query.pageSize);
  }

  async findById(id: string): Promise<User | null> {
    const [row] = await this.db
      .select(userColumns)
      .from(users)
      .innerJoin(roles, eq(roles.id, users.roleId))
      .where(eq(users.id, id));
    return row ? toUser(row) : null;
  }

  /** Only for login: the one read that returns the hash. */
  async findCredentialsByEmail(email: string) {
    const [row] = await this.db
      .select({ id: users.id, passwordHash: users.passwordHash, isActive: users.isActive })
      .from(users)
      .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
    return row ?? null;
  }

  async insert(values: {
    email: string;
    name: string;
    roleName: Role;
    passwordHash: string;
    mustChangePassword?: boolean;
  }): Promise<User> {
    const [row] = await this.db
      .insert(users)
      .values({
        email: values.email,
        name: values.name,
        passwordHash: values.passwordHash,
        mustChangePassword: values.mustChangePassword ?? false,
        roleId: sql`(select id from ${roles} where name = ${values.roleName})`,
      })
      .returning({ id: users.id });
    return (await this.findById(row!.id))!;
  }

  async update(id: string, changes: UserChanges): Promise<User | null> {
    const updated = await this.write(this.db, id, changes);
    // A role, a deactivation or a password change: signed-in principals must be read again.
    this.changes?.changed('users');
    return updated ? this.findById(id) : null;
  }

  /**
   * The same update for a change that takes an active admin away (a demotion, a
   * deactivation), made only while another active admin remains. One lock serializes such
   * changes, so two admins demoting each other at once cannot both succeed.
   */
  async updateKeepingAnAdmin(
    id: string,
    changes: UserChanges,
  ): Promise<User | null | 'last_admin'> {
    const outcome = await this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('sluice.last-admin'))`);
      if ((await this.countOtherActiveAdmins(id, tx)) === 0) return 'last_admin' as const;
      return this.write(tx, id, changes);
    });
    if (outcome === 'last_admin') return outcome;
    this.changes?.changed('users');
    return outcome ? this.findById(id) : null;
  }

  private async write(db: Database | Transaction, id: string, changes: UserChanges) {
    const [row] = await db
      .update(users)
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.isActive !== undefined && { isActive: changes.isActive }),
        ...(changes.passwordHash !== undefined && { passwordHash: changes.passwordHash }),
        ...(changes.mustChangePassword !== undefined && {
          mustChangePassword: changes.mustChangePassword,
        }),
        ...(changes.roleName !== undefined && {
          roleId: sql`(select id from ${roles} where name = ${changes.roleName})`,
        }),
        updatedAt: new Date(),
      })
      .where(eq(users.id, id))
      .returning({ id: users.id });
    return row !== undefined;
  }

  /**
   * The admin a recovery resets: the one with `email`, else the first admin created; null when
   * there is none.
   */
  async findAdminToReset(email: string | undefined): Promise<{ id: string; email: string } | null> {
    const [row] = await this.db
      .select({ id: users.id, email: users.email })
      .from(users)
      .innerJoin(roles, eq(roles.id, users.roleId))
      .where(
        and(
          eq(roles.name, 'admin'),
          email === undefined ? undefined : eq(sql`lower(${users.email})`, email.toLowerCase()),
        ),
      )
      .orderBy(asc(users.createdAt))
      .limit(1);
    return row ?? null;
  }

  /** A recovered account: a new password, active again, every session signed out. */
  async resetPassword(id: string, passwordHash: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ passwordHash, isActive: true, mustChangePassword: false, updatedAt: new Date() })
        .where(eq(users.id, id));
      await tx
        .update(sessions)
        .set({ revokedAt: new Date() })
        .where(and(eq(sessions.userId, id), isNull(sessions.revokedAt)));
    });
  }

  async touchLastLogin(id: string): Promise<void> {
    await this.db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, id));
  }

  /** Active admins other than the given user: the last one may not be demoted or deactivated. */
  private async countOtherActiveAdmins(
    exceptUserId: string,
    db: Database | Transaction = this.db,
  ): Promise<number> {
    const [row] = await db
      .select({ value: count() })
      .from(users)
      .innerJoin(roles, eq(roles.id, users.roleId))
      .where(and(eq(roles.name, 'admin'), eq(users.isActive, true), ne(users.id, exceptUserId)));
    return row?.value ?? 0;
  }
}
