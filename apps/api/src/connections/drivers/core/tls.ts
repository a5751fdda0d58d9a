import { isIP } from 'node:net';
import type { ConnectionParams, TestFailure } from './types';

export interface TlsSettings {
  rejectUnauthorized: boolean;
  ca?: string;
  /** The name the user typed, for SNI and the certificate's name check; none for an address. */
  servername?: string;
}

/**
 * What "Use SSL" means for a connection: encryption always; with `verifyServerCertificate`, a
 * certificate that chains to `caCertificate` (or the system's CAs) and names the host typed.
 * Without "Use SSL", nothing: Sluice never upgrades or downgrades on its own.
 */
export function tlsSettingsOf(params: ConnectionParams): TlsSettings | undefined {
  if (!params.useSsl) return undefined;
  const host = params.host ?? '';
  const servername = host && !isIP(host) ? host : undefined;
  if (params.options['verifyServerCertificate'] !== true) {
    return { rejectUnauthorized: false, servername };
  }
  const ca = params.options['caCertificate'];
  return { rejectUnauthorized: true, servername, ...(typeof ca === 'string' && { ca }) };
}

/** mysql2's form of the same: it checks the name itself when asked to (`verifyIdentity`). */
export function mysqlSslOf(params: ConnectionParams) {
  const tls = tlsSettingsOf(params);
  if (!tls) return undefined;
  return {
    rejectUnauthorized: tls.rejectUnauthorized,
    verifyIdentity: tls.rejectUnauthorized,
    ...(tls.ca && { ca: tls.ca }),
  };
}

const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** A certificate Sluice was asked to verify and could not: why, and what to change. */
export function certificateFailure(error: unknown, host: string): TestFailure | undefined {
  const raw = (error as { code?: unknown } | null)?.code;
  const code = typeof raw === 'string' ? raw : '';
  // mysql2 replaces Node's code with its own (HANDSHAKE_SSL_ERROR) but keeps Node's message.
  const text = error instanceof Error ? error.message : '';
  if (
    UNTRUSTED.has(code) ||
    /self[- ]signed certificate|unable to verify the first certificate|unable to get (local )?issuer certificate/i.test(
      text,
    )
  ) {
    return {
      errorCode: 'TLS_FAILED',
      message: 'The server’s certificate is not signed by a CA Sluice trusts',
      hint: 'Paste the CA certificate that signed it into "CA certificate", or turn off "Verify the server certificate".',
    };
  }
  if (
    code === 'ERR_TLS_CERT_ALTNAME_INVALID' ||
    /does not match certificate's altnames/i.test(text)
  ) {
    return {
      errorCode: 'TLS_FAILED',
      message: `The server’s certificate is not for ${host}`,
      hint: 'Check the host: use the name the certificate was issued for.',
    };
  }
  if (
    code === 'CERT_HAS_EXPIRED' ||
    code === 'CERT_NOT_YET_VALID' ||
    /certificate has expired|certificate is not yet valid/i.test(text)
  ) {
    return {
      errorCode: 'TLS_FAILED',
      message: 'The server’s certificate has expired or is not valid yet',
      hint: 'Ask the database admin to renew the server certificate.',
    };
  }
  return undefined;
}
