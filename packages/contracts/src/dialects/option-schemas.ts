import { z } from 'zod';
import type { OptionField } from './descriptor';

export const optionalText = (max: number) =>
  z.string().trim().max(max, `must be at most ${max} characters`);

/** Wildcard patterns (`*` = any run of characters), bounded in length and count. */
const patternList = z
  .array(optionalText(128).min(1, 'must not be empty'))
  .max(100, 'must list at most 100 patterns');
export const schemaPatterns = z.strictObject({
  include: patternList.optional(),
  exclude: patternList.optional(),
});

/** A CA certificate in PEM, pasted: Sluice never reads certificate files named by a user. */
const caCertificate = z
  .string()
  .max(20_000, 'must be at most 20000 characters')
  .refine(
    (v) => /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/.test(v.trim()),
    { message: 'must be a PEM certificate (-----BEGIN CERTIFICATE----- …)' },
  );

/** With "Use SSL": check the server's certificate and name, against `caCertificate` if given. */
export const tlsOptions = {
  verifyServerCertificate: z.boolean().optional(),
  caCertificate: caCertificate.optional(),
};

export const TLS_FORM_OPTIONS: readonly OptionField[] = [
  {
    name: 'verifyServerCertificate',
    label: 'Verify the server certificate',
    kind: 'switch',
    tls: 'switch',
  },
  {
    name: 'caCertificate',
    label: 'CA certificate (PEM)',
    help: 'The CA that signed the server’s certificate; leave empty to trust the system’s CAs',
    kind: 'pem',
    tls: 'ca',
  },
];

/** The session's default schema (Snowflake, Databricks): where unqualified names resolve. */
export const SCHEMA_OPTION: OptionField = {
  name: 'schema',
  label: 'Default schema',
  help: 'Where unqualified table names resolve in queries; the catalog reads every schema the patterns below allow',
  kind: 'text',
};

/**
 * PostgreSQL's and MySQL's options: schema patterns, certificate checks, and
 * `allowCleartextPassword` (a clear-text password only where the connection says the server needs it).
 */
export const passwordServerOptions = z.strictObject({
  /** Accepted for connections saved before 0.1 and ignored: `schemas` chooses what is read. */
  schema: optionalText(255).optional(),
  schemas: schemaPatterns.optional(),
  ...tlsOptions,
  allowCleartextPassword: z.boolean().optional(),
});
export const PASSWORD_SERVER_FORM_OPTIONS: readonly OptionField[] = [...TLS_FORM_OPTIONS];
