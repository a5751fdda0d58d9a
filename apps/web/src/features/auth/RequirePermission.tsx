import type { ReactNode } from 'react';
import type { Permission } from '@sluice/contracts';
import { useSession } from './useSession';
import { NoAccessPage } from '../../app/NoAccessPage';

export function RequirePermission({
  permission,
  children,
}: {
  permission: Permission;
  children: ReactNode;
}) {
  const { can } = useSession();
  return can(permission) ? <>{children}</> : <NoAccessPage />;
}
