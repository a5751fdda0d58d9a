import { z } from 'zod';
import { mysql as connectionString } from '../connection-strings/mysql';
import type { DialectDescriptor } from './descriptor';
import {
  optionalText,
  SCHEMA_OPTION,
  schemaPatterns,
  TLS_FORM_OPTIONS,
  tlsOptions,
} from './option-schemas';

export const mysqlDialect: DialectDescriptor = {
  type: 'mysql',
  label: 'MySQL / MariaDB',
  defaultPort: 3306,
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
  connectionStringExample: 'mysql://user:password@db.example.com:3306/shop',
};
