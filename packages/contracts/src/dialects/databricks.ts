import { z } from 'zod';
import { databricks as connectionString } from '../connection-strings/warehouses';
import type { DialectDescriptor } from './descriptor';
import { optionalText, SCHEMA_OPTION, schemaPatterns } from './option-schemas';

export const databricksDialect: DialectDescriptor = {
  type: 'databricks',
  label: 'Databricks',
  defaultPort: 443,
  location: 'network',
  sshTunnel: false,
  sslSwitch: false,
  tlsVerification: false,
  // A personal access token alone.
  secret: 'token',
  endpointOptions: [],
  options: z.strictObject({
    httpPath: z
      .string({ message: 'is required for Databricks' })
      .trim()
      .min(1, 'is required for Databricks')
      .max(1000)
      .regex(/^\//, 'must start with /, e.g. /sql/1.0/warehouses/abc123'),
    catalog: optionalText(255).optional(),
    schema: optionalText(255).optional(),
    schemas: schemaPatterns.optional(),
  }),
  formOptions: [
    {
      name: 'httpPath',
      label: 'HTTP Path',
      help: 'e.g., /sql/1.0/warehouses/abc123',
      required: true,
      kind: 'text',
    },
    { name: 'catalog', label: 'Catalog', kind: 'text' },
    SCHEMA_OPTION,
  ],
  connectionString,
  connectionStringExample:
    'databricks://token:dapi…@adb-123.azuredatabricks.net:443?http_path=/sql/1.0/warehouses/abc',
};
