import { z } from 'zod';
import { sqlite as connectionString } from '../connection-strings/warehouses';
import type { DialectDescriptor } from './descriptor';

export const sqliteDialect: DialectDescriptor = {
  type: 'sqlite',
  label: 'SQLite',
  defaultPort: null,
  location: 'file',
  sshTunnel: false,
  sslSwitch: false,
  tlsVerification: false,
  secret: 'none',
  endpointOptions: [],
  options: z.strictObject({}),
  formOptions: [],
  connectionString,
  connectionStringExample: 'sqlite:analytics.db',
};
