import type { z } from 'zod';
import type { Dialect } from '../connection-strings/types';
import type { DbType } from './db-types';

/** One option field of the connection form. */
export interface OptionField {
  name: string;
  label: string;
  help?: string;
  required?: boolean;
  kind: 'text' | 'switch' | 'choice' | 'pem';
  choices?: readonly { value: string; label: string }[];
  /** Shown only over SSL: `switch` with "Use SSL" on, `ca` also only while verifying. */
  tls?: 'switch' | 'ca';
}

/**
 * Everything that differs between database types outside the drivers: the API's validation,
 * the form, the connection-string parser and the endpoint a secret is bound to all read it.
 * Adding a type = a descriptor here, a `drivers/<type>/` folder in the API, a migration for
 * the enum, and tests.
 */
export interface DialectDescriptor {
  type: DbType;
  label: string;
  defaultPort: number | null;
  /** `network`: host and port; `file`: a path under SQLITE_ROOT, in databaseName. */
  location: 'network' | 'file';
  /** The driver can be handed a forwarded port, so the connection may go through an SSH bastion. */
  sshTunnel: boolean;
  /** "Use SSL" is the user's choice (the warehouses always use HTTPS; SQL Server has `encrypt`). */
  sslSwitch: boolean;
  /** The server's certificate can be checked, against a pasted CA if given. */
  tlsVerification: boolean;
  /** What signs in: a username and password, or a token alone (no username). */
  secret: 'password' | 'token' | 'none';
  /** The option value that switches to key-pair sign-in (a PEM private key, no password). */
  keyPair?: { option: string; value: string };
  /** Options that name the server besides host and port: a stored secret is bound to them too. */
  endpointOptions: readonly string[];
  /** The options the API accepts; unknown keys are refused. */
  options: z.ZodType<Record<string, unknown>>;
  /** The options the form shows, in order (schema patterns are API-only). */
  formOptions: readonly OptionField[];
  connectionString: Dialect;
  connectionStringExample: string;
}
