import { describe, expect, it } from 'vitest';
import type { ConnectionParams } from './types';
import { certificateFailure, mysqlSslOf, tlsSettingsOf } from './tls';

const params = (useSsl: boolean, host: string, options: Record<string, unknown> = {}) =>
  ({ dbType: 'postgresql', host, port: 5432, useSsl, options }) as ConnectionParams;

describe('tlsSettingsOf', () => {
  it('is nothing without "Use SSL", whatever the options say', () => {
    expect(tlsSettingsOf(params(false, 'db.example.com', { verifyServerCertificate: true }))).toBe(
      undefined,
    );
  });
  it('encrypts without verifying by default, naming the host for SNI', () => {
    expect(tlsSettingsOf(params(true, 'db.example.com'))).toEqual({
      rejectUnauthorized: false,
      servername: 'db.example.com',
    });
  });
  it('verifies against the pasted CA when asked, and sends no SNI for an address', () => {
    expect(
      tlsSettingsOf(
        params(true, '10.0.0.5', { verifyServerCertificate: true, caCertificate: 'PEM' }),
      ),
    ).toEqual({ rejectUnauthorized: true, servername: undefined, ca: 'PEM' });
    expect(mysqlSslOf(params(true, 'db', { verifyServerCertificate: true }))).toEqual({
      rejectUnauthorized: true,
      verifyIdentity: true,
    });
  });
});

describe('certificateFailure', () => {
  it.each<[{ code: string; message?: string }, string]>([
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'not signed by a CA Sluice trusts'],
    [{ code: 'HANDSHAKE_SSL_ERROR', message: 'self-signed certificate' }, 'not signed by a CA'],
    [{ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }, 'not signed by a CA'],
    [{ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, 'not for db.example.com'],
    [{ code: 'CERT_HAS_EXPIRED' }, 'has expired'],
  ])('reads %o as TLS_FAILED: %s', (fields, message) => {
    const error = Object.assign(new Error(String(fields.message ?? 'x')), fields);
    const failure = certificateFailure(error, 'db.example.com');
    expect(failure?.errorCode).toBe('TLS_FAILED');
    expect(failure?.message).toContain(message);
  });
  it('leaves other errors alone', () => {
    expect(certificateFailure(Object.assign(new Error('x'), { code: 'ECONNRESET' }), 'h')).toBe(
      undefined,
    );
  });
});
