import { AlertsPage } from '../features/alerts/AlertsPage';
import { Box, CircularProgress } from '@mui/material';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AppShell } from './AppShell';
import { RequirePermission } from '../features/auth/RequirePermission';
import { useSession } from '../features/auth/useSession';
import { AuditPage } from '../features/audit/AuditPage';
import { CatalogPage } from '../features/catalog/CatalogPage';
import { ConnectionPage } from '../features/connections/ConnectionPage';
import { ConnectionsPage } from '../features/connections/ConnectionsPage';
import { HomePage } from '../features/home/HomePage';
import { LoginPage } from '../features/auth/LoginPage';
import { ChoosePasswordPage } from '../features/auth/ChoosePasswordPage';
import { NotFoundPage } from './NotFoundPage';
import { SchemaPage } from '../features/catalog/SchemaPage';
import { UsersPage } from '../features/users/UsersPage';
import { TokensPage } from '../features/tokens/TokensPage';
import { ProfilePage } from '../features/profile/ProfilePage';
import { QueryPage } from '../features/query/QueryPage';

export function App() {
  const { user, isLoading } = useSession();
  if (isLoading) {
    return (
      <Box sx={{ display: 'grid', placeItems: 'center', minHeight: '100vh' }}>
        <CircularProgress aria-label="Loading" />
      </Box>
    );
  }
  if (!user) {
    return (
      <Routes>
        <Route path="*" element={<LoginPage />} />
      </Routes>
    );
  }
  if (user.mustChangePassword) return <ChoosePasswordPage />;
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route index element={<HomePage />} />
        <Route
          path="connections"
          element={
            <RequirePermission permission="connections:read">
              <ConnectionsPage />
            </RequirePermission>
          }
        />
        <Route
          path="connections/:id"
          element={
            <RequirePermission permission="connections:read">
              <ConnectionPage />
            </RequirePermission>
          }
        />
        <Route
          path="connections/:id/schema"
          element={
            <RequirePermission permission="catalog:read">
              <SchemaPage />
            </RequirePermission>
          }
        />
        <Route
          path="catalog"
          element={
            <RequirePermission permission="catalog:read">
              <CatalogPage />
            </RequirePermission>
          }
        />
        <Route
          path="users"
          element={
            <RequirePermission permission="users:read">
              <UsersPage />
            </RequirePermission>
          }
        />
        <Route
          path="alerts"
          element={
            <RequirePermission permission="alerts:manage">
              <AlertsPage />
            </RequirePermission>
          }
        />
        <Route
          path="audit"
          element={
            <RequirePermission permission="audit:read">
              <AuditPage />
            </RequirePermission>
          }
        />
        <Route path="tokens" element={<TokensPage />} />
        <Route path="profile" element={<ProfilePage />} />
        <Route
          path="query"
          element={
            <RequirePermission permission="connections:query">
              <QueryPage />
            </RequirePermission>
          }
        />
        <Route path="login" element={<Navigate to="/" replace />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
