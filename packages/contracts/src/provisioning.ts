import { z } from 'zod';
import { AI_ACCESS_LEVELS } from './ai-access';
import { connectionFieldShape, withShapeRules } from './connections';

/** `${env:NAME}` and `${file:/path}`: how a provisioning file names a secret it does not hold. */
export const SECRET_REFERENCE = /\$\{(env|file):([^}]+)\}/g;

const { testReceipt: _receipt, ...fields } = connectionFieldShape;

/** One connection of a provisioning file: every field the API accepts, and what only admins set. */
export const provisionedConnectionSchema = withShapeRules(
  z.strictObject({
    ...fields,
    aiAccess: z.enum(AI_ACCESS_LEVELS, { message: 'must be off, catalog or query' }).optional(),
    writeUsername: z.string().trim().min(1).max(255).optional(),
    writePassword: z.string().min(1).max(1000).optional(),
  }),
);
export type ProvisionedConnection = z.infer<typeof provisionedConnectionSchema>;

/** A provisioning file (`apiVersion: 1`): connections by their stable name. */
export const provisioningFileSchema = z
  .strictObject({
    apiVersion: z.literal(1, { message: 'must be 1' }),
    /** Deletes the connections an earlier apply of this file created and it no longer lists. */
    prune: z.boolean().optional(),
    connections: z.array(provisionedConnectionSchema).max(10_000, 'must list at most 10000'),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.connections.forEach((c, i) => {
      if (seen.has(c.name))
        ctx.addIssue({
          code: 'custom',
          path: ['connections', i, 'name'],
          message: `is listed twice (${c.name})`,
        });
      seen.add(c.name);
    });
  });
export type ProvisioningFile = z.infer<typeof provisioningFileSchema>;

/** What an apply of one file changes (or would change). */
export interface ProvisioningPlan {
  file: string;
  create: string[];
  update: { name: string; fields: string[] }[];
  unchanged: string[];
  prune: string[];
}

/** The JSON Schema editors validate a file with (`GET /api/provisioning/schema.json`). */
export function provisioningJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(provisioningFileSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Sluice provisioning file',
    description:
      'Connections as code. Secrets are written as ${env:NAME} or ${file:/run/secrets/name}, resolved when the file is applied.',
  };
}

/** `?force=true`: an admin (connections:govern) changes a connection a provisioning file manages. */
export const forceQuerySchema = z.strictObject({
  force: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
});
export type ForceQuery = z.infer<typeof forceQuerySchema>;
