import { z } from 'zod';
import { PERMISSIONS } from './permissions';
import { envelope, timestampSchema } from './common';

/** What every API token starts with, so that a leaked one is recognised by secret scanners. */
export const API_TOKEN_PREFIX = 'sluice_pat_';

export const createApiTokenRequestSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  scopes: z
    .array(z.enum(PERMISSIONS))
    .min(1, 'must name at least one permission')
    .max(PERMISSIONS.length)
    .refine((scopes) => new Set(scopes).size === scopes.length, 'must not repeat a permission'),
  expiresInDays: z
    .number()
    .int('must be a whole number of days')
    .min(1, 'must be between 1 and 365 days')
    .max(365, 'must be between 1 and 365 days')
    .default(90),
});
export type CreateApiTokenRequest = z.input<typeof createApiTokenRequestSchema>;

export const apiTokenSchema = z.object({
  id: z.guid(),
  userId: z.guid(),
  name: z.string(),
  scopes: z.array(z.enum(PERMISSIONS)),
  createdAt: timestampSchema,
  expiresAt: timestampSchema,
  lastUsedAt: timestampSchema.nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

/** The one answer that carries the token itself: it is shown once and stored only as a hash. */
export const createdApiTokenSchema = apiTokenSchema.extend({ token: z.string() });
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;

export const apiTokenListQuerySchema = z.strictObject({ userId: z.guid().optional() });

export const apiTokenListResponseSchema = envelope(z.array(apiTokenSchema));
export const createdApiTokenResponseSchema = envelope(createdApiTokenSchema);
