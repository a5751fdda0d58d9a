import { z } from 'zod';
import { envelope } from './common';

export const healthSchema = z.object({
  status: z.literal('ok'),
  database: z.literal('ok'),
});
export const healthResponseSchema = envelope(healthSchema);
