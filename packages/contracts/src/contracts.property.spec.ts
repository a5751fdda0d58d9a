import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loginRequestSchema } from './auth';
import {
  connectionListQuerySchema,
  createConnectionSchema,
  DB_TYPES,
  parseConnectionRequestSchema,
  testConnectionSchema,
  updateConnectionSchema,
} from './connections';
import { schemaListQuerySchema } from './schema-catalog';
import { catalogContextQuerySchema, catalogSearchQuerySchema } from './catalog-search';
import { createUserRequestSchema, updateUserRequestSchema } from './users';

const BODIES: Record<string, z.ZodType> = {
  createConnection: createConnectionSchema,
  updateConnection: updateConnectionSchema,
  testConnection: testConnectionSchema,
  parseConnection: parseConnectionRequestSchema,
  login: loginRequestSchema,
  createUser: createUserRequestSchema,
  updateUser: updateUserRequestSchema,
};
const QUERIES: Record<string, z.ZodType> = {
  connectionList: connectionListQuerySchema,
  schemaList: schemaListQuerySchema,
  catalogSearch: catalogSearchQuerySchema,
  catalogContext: catalogContextQuerySchema,
};

/** Values of every JSON type, strings with control and astral characters among them. */
const value = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 4 }),
);
/** Bodies near the real ones: the fields a client sends, with any values, plus strangers. */
const nearBody = fc.record(
  {
    name: value,
    dbType: fc.oneof(fc.constantFrom(...DB_TYPES), value),
    host: value,
    port: value,
    databaseName: value,
    username: value,
    password: value,
    options: fc.oneof(value, fc.record({ schemas: value, httpPath: value, account: value })),
    connectionString: value,
    email: value,
    role: value,
    __proto__: value,
    constructor: value,
  },
  { requiredKeys: [] },
);

describe('no input makes a contract throw', () => {
  it.each(Object.entries(BODIES))('%s: anything at all, and near-real bodies', (_, schema) => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), nearBody), (input) => {
        const result = schema.safeParse(input);
        if (!result.success) {
          // A refusal names fields in plain words, never an internal error.
          for (const issue of result.error.issues) expect(typeof issue.message).toBe('string');
        }
      }),
      { numRuns: 400 },
    );
  });

  it.each(Object.entries(QUERIES))('%s: any query string', (_, schema) => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('page', 'pageSize', 'search', 'q', 'limit', 'sortBy', 'schema', 'x'),
          fc.string({ unit: 'binary', maxLength: 50 }),
        ),
        (query) => void schema.safeParse(query),
      ),
      { numRuns: 400 },
    );
  });
});
