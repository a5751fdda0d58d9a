import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateUserRequest, UpdateUserRequest } from '@sluice/contracts';
import { createUser, fetchUsers, updateUser, type UserListParams } from './usersApi';

export function useUsers(params: UserListParams, enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['users', params],
    queryFn: () => fetchUsers(params),
    placeholderData: keepPreviousData,
  });
}

export function useSaveUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id?: string; create?: CreateUserRequest; update?: UpdateUserRequest }) =>
      input.id ? updateUser(input.id, input.update ?? {}) : createUser(input.create!),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}
