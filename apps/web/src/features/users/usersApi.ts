import type { CreateUserRequest, Page, UpdateUserRequest, User } from '@sluice/contracts';
import { api, withQuery } from '../../lib/apiClient';

export interface UserListParams {
  page: number;
  pageSize: number;
  search?: string;
}

export const fetchUsers = (params: UserListParams) =>
  api<Page<User>>(withQuery('/users', { ...params }));
export const createUser = (body: CreateUserRequest) =>
  api<User>('/users', { method: 'POST', body });
export const updateUser = (id: string, body: UpdateUserRequest) =>
  api<User>(`/users/${id}`, { method: 'PATCH', body });
