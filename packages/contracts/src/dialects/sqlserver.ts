import { z } from 'zod';
import { sqlserver as connectionString } from '../connection-strings/sqlserver';
import type { DialectDescriptor } from './descriptor';
import { optionalText, schemaPatterns } from './option-schemas';

export const sqlserverDialect: DialectDescriptor = {
  type: 'sqlserver',
  label: 'SQL Server',
  defaultPort: 1433,
  location: 'network',
  sshTunnel: true,
  // SQL Server has its own "Encrypt Connection".
  sslSwitch: false,
  tlsVerification: false,
  secret: 'password',
  // An instance name picks the port.
  endpointOptions: ['instanceName'],
  options: z.strictObject({
    instanceName: optionalText(255).optional(),
    encrypt: z.boolean().optional(),
    trustServerCertificate: z.boolean().optional(),
    schemas: schemaPatterns.optional(),
  }),
  formOptions: [
    { name: 'instanceName', label: 'Instance Name', help: 'e.g., SQLEXPRESS', kind: 'text' },
    { name: 'encrypt', label: 'Encrypt Connection', kind: 'switch' },
    { name: 'trustServerCertificate', label: 'Trust Server Certificate', kind: 'switch' },
  ],
  connectionString,
  connectionStringExample:
    'Server=tcp:db.example.com,1433;Database=app;User Id=user;Password=…;Encrypt=True',
};
