import { z } from 'zod';
import { postgresql as connectionString } from '../connection-strings/postgresql';
import type { DialectDescriptor } from './descriptor';
import {
  optionalText,
  SCHEMA_OPTION,
  schemaPatterns,
  TLS_FORM_OPTIONS,
  tlsOptions,
} from './option-schemas';

export const postgresqlDialect: DialectDescriptor = {
  type: 'postgresql',
  label: 'PostgreSQL',
  defaultPort: 5432,
  location: 'network',
  sslSwitch: true,
  tlsVerification: true,
  secret: 'password',
  endpointOptions: [],
  options: z.strictObject({
    schema: optionalText(255).optional(),
    schemas: schemaPatterns.optional(),
    ...tlsOptions,
    allowCleartextPassword: z.boolean().optional(),
  }),
  formOptions: [SCHEMA_OPTION, ...TLS_FORM_OPTIONS],
  connectionString,
  connectionStringExample: 'postgresql://user:password@db.example.com:5432/app?sslmode=require',
};
