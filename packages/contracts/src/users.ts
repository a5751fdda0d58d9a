import { z } from 'zod';
import { ROLES } from './permissions';
import { emailSchema, newPasswordSchema } from './auth';
import { envelope, pageOf, paginationQueryShape, timestampSchema } from './common';

const nameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(100, 'must be at most 100 characters');

export const userSchema = z.object({
  id: z.guid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  isActive: z.boolean(),
  /** Must choose a new password at the next sign-in (set by an admin, cleared by the change). */
  mustChangePassword: z.boolean(),
  lastLoginAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type User = z.infer<typeof userSchema>;

export const createUserRequestSchema = z.strictObject({
  email: emailSchema,
  name: nameSchema,
  role: z.enum(ROLES),
  password: newPasswordSchema,
  /** Ask for a new password at the first sign-in (the initial one was shared with the admin). */
  mustChangePassword: z.boolean().optional(),
});
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const updateUserRequestSchema = z
  .strictObject({
    name: nameSchema.optional(),
    role: z.enum(ROLES).optional(),
    isActive: z.boolean().optional(),
    password: newPasswordSchema.optional(),
    /** Ask for a new password at the next sign-in (true), or stop asking (false). */
    mustChangePassword: z.boolean().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'must change at least one of name, role, isActive, password, mustChangePassword',
  });
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

export const userListQuerySchema = z.strictObject({
  ...paginationQueryShape,
  search: z.string().trim().max(200).optional(),
});
export type UserListQuery = z.infer<typeof userListQuerySchema>;

export const userResponseSchema = envelope(userSchema);
export const userListResponseSchema = envelope(pageOf(userSchema));
