import type { ReactNode } from 'react';
import type { Permission } from '@sluice/contracts';
import { useSession } from '../../hooks/useSession';
import { NoAccessPage } from '../../pages/NoAccessPage';

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
