import { z } from 'zod';
import { PERMISSIONS, ROLES } from './permissions';
import { envelope } from './common';

export const emailSchema = z.email('must be an email address').max(254).toLowerCase();
export const newPasswordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters');

export const loginRequestSchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1, 'is required').max(1000),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const meSchema = z.object({
  id: z.guid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  permissions: z.array(z.enum(PERMISSIONS)),
  /**
   * An admin asked for a new password at the next sign-in: until it is changed, this session can
   * only change it or sign out (403 PASSWORD_CHANGE_REQUIRED elsewhere). Always false for a token.
   */
  mustChangePassword: z.boolean(),
});
export type Me = z.infer<typeof meSchema>;
export const meResponseSchema = envelope(meSchema);

export const loginResultSchema = z.object({
  accessToken: z.string(),
  expiresIn: z.number().int(),
  user: meSchema,
});
export type LoginResult = z.infer<typeof loginResultSchema>;
export const loginResponseSchema = envelope(loginResultSchema);

/** The web UI's probe: the signed-in user, or null, always 200. */
export const sessionResponseSchema = envelope(meSchema.nullable());

/** Changing one's own password: the current one proves it is you. */
export const changePasswordRequestSchema = z.strictObject({
  currentPassword: z.string().min(1, 'is required').max(200, 'must be at most 200 characters'),
  newPassword: newPasswordSchema,
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;
