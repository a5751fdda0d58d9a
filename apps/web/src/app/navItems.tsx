import type { ReactNode } from 'react';
import HomeOutlined from '@mui/icons-material/HomeOutlined';
import PeopleOutline from '@mui/icons-material/PeopleOutline';
import HistoryOutlined from '@mui/icons-material/HistoryOutlined';
import NotificationsOutlined from '@mui/icons-material/NotificationsOutlined';
import StorageOutlined from '@mui/icons-material/StorageOutlined';
import ManageSearch from '@mui/icons-material/ManageSearch';
import TerminalOutlined from '@mui/icons-material/TerminalOutlined';
import type { Permission } from '@sluice/contracts';

export interface NavItem {
  label: string;
  to: string;
  icon: ReactNode;
  permission: Permission | null;
}

/** The sidebar: each entry only for a user holding its permission. */
export const NAV_ITEMS: NavItem[] = [
  { label: 'Overview', to: '/', icon: <HomeOutlined />, permission: null },
  {
    label: 'Connections',
    to: '/connections',
    icon: <StorageOutlined />,
    permission: 'connections:read',
  },
  { label: 'Catalog', to: '/catalog', icon: <ManageSearch />, permission: 'catalog:read' },
  { label: 'Query', to: '/query', icon: <TerminalOutlined />, permission: 'connections:query' },
  { label: 'Users', to: '/users', icon: <PeopleOutline />, permission: 'users:read' },
  {
    label: 'Alerts',
    to: '/alerts',
    icon: <NotificationsOutlined />,
    permission: 'alerts:manage',
  },
  { label: 'Audit log', to: '/audit', icon: <HistoryOutlined />, permission: 'audit:read' },
];
