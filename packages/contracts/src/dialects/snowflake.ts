import { z } from 'zod';
import { snowflake as connectionString } from '../connection-strings/warehouses';
import type { DialectDescriptor } from './descriptor';
import { optionalText, SCHEMA_OPTION, schemaPatterns } from './option-schemas';

export const snowflakeDialect: DialectDescriptor = {
  type: 'snowflake',
  label: 'Snowflake',
  defaultPort: 443,
  location: 'network',
  sshTunnel: false,
  sslSwitch: false,
  tlsVerification: false,
  secret: 'password',
  keyPair: { option: 'authenticator', value: 'key_pair' },
  // The account names the host.
  endpointOptions: ['account'],
  options: z.strictObject({
    account: z
      .string({ message: 'is required for Snowflake' })
      .trim()
      .min(1, 'is required for Snowflake')
      .max(255),
    warehouse: optionalText(255).optional(),
    role: optionalText(255).optional(),
    schema: optionalText(255).optional(),
    authenticator: z
      .enum(['password', 'key_pair'], { message: 'must be password or key_pair' })
      .optional(),
    schemas: schemaPatterns.optional(),
  }),
  formOptions: [
    {
      name: 'account',
      label: 'Account',
      help: 'e.g., xy12345.us-east-1',
      required: true,
      kind: 'text',
    },
    { name: 'warehouse', label: 'Warehouse', kind: 'text' },
    { name: 'role', label: 'Role', kind: 'text' },
    SCHEMA_OPTION,
    {
      name: 'authenticator',
      label: 'Authentication',
      kind: 'choice',
      choices: [
        { value: 'password', label: 'Password' },
        { value: 'key_pair', label: 'Key pair' },
      ],
    },
  ],
  connectionString,
  connectionStringExample:
    'snowflake://user:password@xy12345.us-east-1/ANALYTICS/PUBLIC?warehouse=COMPUTE_WH',
};
