import { Box, CircularProgress } from '@mui/material';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AppShell } from './components/layout/AppShell';
import { RequirePermission } from './components/common/RequirePermission';
import { useSession } from './hooks/useSession';
import { AuditPage } from './pages/AuditPage';
import { CatalogPage } from './pages/CatalogPage';
import { ConnectionsPage } from './pages/ConnectionsPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SchemaPage } from './pages/SchemaPage';
import { UsersPage } from './pages/UsersPage';

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
          path="connections/:id/schema"
          element={
            <RequirePermission permission="connections:read">
              <SchemaPage />
            </RequirePermission>
          }
        />
        <Route
          path="catalog"
          element={
            <RequirePermission permission="connections:read">
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
          path="audit"
          element={
            <RequirePermission permission="audit:read">
              <AuditPage />
            </RequirePermission>
          }
        />
        <Route path="login" element={<Navigate to="/" replace />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
