import { Inject, Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import type { Permission } from '@sluice/contracts';
import { DATABASE, type Database } from '../db/database';
import { ChangeFeed } from '../db/change-feed';
import { permissions, rolePermissions, roles } from '../db/tables';

/** Role → permissions, read from the seeded tables and kept for a minute or until they change. */
@Injectable()
export class RolePermissionsRepository {
  private byRole: { map: Map<string, Permission[]>; loadedAt: number } | undefined;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    changes: ChangeFeed,
  ) {
    changes.subscribe(['roles', 'role_permissions'], () => (this.byRole = undefined));
  }

  async permissionsOf(role: string): Promise<Permission[]> {
    if (!this.byRole || Date.now() - this.byRole.loadedAt > 60_000) {
      const rows = await this.db
        .select({ role: roles.name, permission: permissions.name })
        .from(rolePermissions)
        .innerJoin(roles, eq(roles.id, rolePermissions.roleId))
        .innerJoin(permissions, eq(permissions.id, rolePermissions.permissionId))
        .orderBy(permissions.name);
      const map = new Map<string, Permission[]>();
      for (const r of rows)
        map.set(r.role, [...(map.get(r.role) ?? []), r.permission as Permission]);
      this.byRole = { map, loadedAt: Date.now() };
    }
    return this.byRole.map.get(role) ?? [];
  }
}
