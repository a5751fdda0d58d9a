import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { PERMISSIONS, ROLE_LABELS, ROLE_PERMISSIONS, ROLES } from '@sluice/contracts';
import type { Database } from './database';
import { permissions, rolePermissions, roles, users } from './tables';
import { generatePassword, hashPassword } from '../auth/password';

export interface SeedOptions {
  adminEmail: string;
  adminPassword: string | undefined;
}

/** Roles, permissions, the matrix and the first admin; safe to run at every start. */
export async function seed(db: Database, options: SeedOptions, logger: Logger): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(42001)`);
    await tx
      .insert(roles)
      .values(ROLES.map((name) => ({ name, description: ROLE_LABELS[name] })))
      .onConflictDoNothing();
    await tx
      .insert(permissions)
      .values(PERMISSIONS.map((name) => ({ name })))
      .onConflictDoNothing();
    const roleRows = await tx.select().from(roles);
    const permissionRows = await tx.select().from(permissions);
    const permissionId = new Map(permissionRows.map((p) => [p.name, p.id]));
    for (const role of roleRows) {
      const wanted = (ROLE_PERMISSIONS[role.name as keyof typeof ROLE_PERMISSIONS] ?? []).map(
        (name) => permissionId.get(name) ?? '',
      );
      if (wanted.length > 0) {
        await tx
          .insert(rolePermissions)
          .values(wanted.map((id) => ({ roleId: role.id, permissionId: id })))
          .onConflictDoNothing();
      }
      const keep = wanted.length > 0 ? notInArray(rolePermissions.permissionId, wanted) : undefined;
      await tx.delete(rolePermissions).where(and(eq(rolePermissions.roleId, role.id), keep));
    }
    const adminRole = roleRows.find((r) => r.name === 'admin');
    if (!adminRole) throw new Error('admin role missing after seeding');
    const admins = await tx
      .select({ id: users.id })
      .from(users)
      .where(inArray(users.roleId, [adminRole.id]))
      .limit(1);
    if (admins.length > 0) return;
    const password = options.adminPassword ?? generatePassword();
    await tx.insert(users).values({
      email: options.adminEmail,
      name: 'Administrator',
      passwordHash: await hashPassword(password),
      roleId: adminRole.id,
    });
    if (options.adminPassword) {
      logger.info(
        { email: options.adminEmail },
        'created the first admin from ADMIN_EMAIL / ADMIN_PASSWORD',
      );
    } else {
      // Printed once, on the console only: never through the redacted JSON log.
      process.stdout.write(
        `\n  First admin created.\n  Email:    ${options.adminEmail}\n  Password: ${password}\n  (shown once: store it now. Lost it? npm run sluice -- reset-admin-password)\n\n`,
      );
    }
  });
}
