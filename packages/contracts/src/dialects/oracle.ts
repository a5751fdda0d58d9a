import { z } from 'zod';
import { oracle as connectionString } from '../connection-strings/oracle';
import type { DialectDescriptor } from './descriptor';
import { optionalText, schemaPatterns } from './option-schemas';

export const oracleDialect: DialectDescriptor = {
  type: 'oracle',
  label: 'Oracle',
  defaultPort: 1521,
  location: 'network',
  sshTunnel: true,
  sslSwitch: true,
  tlsVerification: false,
  secret: 'password',
  endpointOptions: [],
  options: z.strictObject({
    serviceName: optionalText(255).optional(),
    schemas: schemaPatterns.optional(),
  }),
  formOptions: [
    { name: 'serviceName', label: 'Service Name', help: 'e.g., ORCLPDB1', kind: 'text' },
  ],
  connectionString,
  connectionStringExample: 'db.example.com:1521/ORCLPDB1',
};
