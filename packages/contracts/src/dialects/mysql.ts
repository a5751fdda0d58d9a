import { mysql as connectionString } from '../connection-strings/mysql';
import type { DialectDescriptor } from './descriptor';
import { PASSWORD_SERVER_FORM_OPTIONS, passwordServerOptions } from './option-schemas';

export const mysqlDialect: DialectDescriptor = {
  type: 'mysql',
  label: 'MySQL / MariaDB',
  defaultPort: 3306,
  location: 'network',
  sshTunnel: true,
  sslSwitch: true,
  tlsVerification: true,
  secret: 'password',
  endpointOptions: [],
  options: passwordServerOptions,
  formOptions: PASSWORD_SERVER_FORM_OPTIONS,
  connectionString,
  connectionStringExample: 'mysql://user:password@db.example.com:3306/shop',
};
