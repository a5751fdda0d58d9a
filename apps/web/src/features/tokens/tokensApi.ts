import type { ApiToken, CreateApiTokenRequest, CreatedApiToken } from '@sluice/contracts';
import { api } from '../../lib/apiClient';

export const fetchTokens = () => api<ApiToken[]>('/tokens');
export const createToken = (body: CreateApiTokenRequest) =>
  api<CreatedApiToken>('/tokens', { method: 'POST', body });
export const revokeToken = (id: string) => api<void>(`/tokens/${id}`, { method: 'DELETE' });
