import { postgresql as connectionString } from '../connection-strings/postgresql';
import type { DialectDescriptor } from './descriptor';
import { PASSWORD_SERVER_FORM_OPTIONS, passwordServerOptions } from './option-schemas';

export const postgresqlDialect: DialectDescriptor = {
  type: 'postgresql',
  label: 'PostgreSQL',
  defaultPort: 5432,
  location: 'network',
  sshTunnel: true,
  sslSwitch: true,
  tlsVerification: true,
  secret: 'password',
  endpointOptions: [],
  options: passwordServerOptions,
  formOptions: PASSWORD_SERVER_FORM_OPTIONS,
  connectionString,
  connectionStringExample: 'postgresql://user:password@db.example.com:5432/app?sslmode=require',
};
