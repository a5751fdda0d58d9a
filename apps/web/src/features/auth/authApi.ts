import type { LoginRequest, LoginResult, Me } from '@sluice/contracts';
import { api } from '../../lib/apiClient';

export const fetchSession = () => api<Me | null>('/auth/session');
export const login = (body: LoginRequest) =>
  api<LoginResult>('/auth/login', { method: 'POST', body });
export const logout = () => api<void>('/auth/logout', { method: 'POST' });
export const logoutEverywhere = () => api<void>('/auth/logout-everywhere', { method: 'POST' });
