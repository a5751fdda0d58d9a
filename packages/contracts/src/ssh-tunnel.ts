import { z } from 'zod';
import { hostSchema } from './host';

export const SSH_AUTH_METHODS = ['password', 'key'] as const;
export type SshAuthMethod = (typeof SSH_AUTH_METHODS)[number];

/** `ssh-keygen -lf`'s form: SHA256, base64 without padding (43 characters). */
export const SSH_FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

export const sshFingerprintSchema = z
  .string()
  .trim()
  .regex(SSH_FINGERPRINT, 'must be a SHA256 fingerprint as ssh-keygen -lf prints it (SHA256:…)');

const PRIVATE_KEY =
  /^-----BEGIN (OPENSSH|RSA|EC|DSA|ENCRYPTED)? ?PRIVATE KEY-----[\s\S]+-----END (OPENSSH|RSA|EC|DSA|ENCRYPTED)? ?PRIVATE KEY-----$/;

/** Where a connection's tunnel starts: the bastion, and how Sluice signs in to it. */
export const sshTunnelInputSchema = z.strictObject({
  host: hostSchema,
  port: z
    .number({ message: 'must be a whole number from 1 to 65535' })
    .int('must be a whole number from 1 to 65535')
    .min(1, 'must be a whole number from 1 to 65535')
    .max(65535, 'must be a whole number from 1 to 65535')
    .default(22),
  username: z.string().trim().min(1, 'is required').max(255, 'must be at most 255 characters'),
  authMethod: z.enum(SSH_AUTH_METHODS, { message: 'must be password or key' }),
  /** Pre-set by an operator; otherwise the first passing test pins the key it saw. */
  hostKeyFingerprint: sshFingerprintSchema.nullable().optional(),
});
export type SshTunnelInput = z.infer<typeof sshTunnelInputSchema>;

/** The tunnel's secrets: they go into the encrypted credential and are never returned. */
export const sshSecretShape = {
  sshPassword: z.string().max(1000, 'must be at most 1000 characters').optional(),
  sshPrivateKey: z
    .string()
    .max(16_000, 'must be at most 16000 characters')
    .refine((v) => v === '' || PRIVATE_KEY.test(v.trim()), {
      message: 'must be an OpenSSH or PEM private key (-----BEGIN OPENSSH PRIVATE KEY----- …)',
    })
    .optional(),
  sshPassphrase: z.string().max(1000, 'must be at most 1000 characters').optional(),
};

/** A saved connection's tunnel; its secrets are only said to exist (`hasSshCredential`). */
export const sshTunnelSchema = z.object({
  host: z.string(),
  port: z.number().int(),
  username: z.string(),
  authMethod: z.enum(SSH_AUTH_METHODS),
  /** The bastion's pinned host key; null until a test passes or an operator sets it. */
  hostKeyFingerprint: z.string().nullable(),
});
export type SshTunnel = z.infer<typeof sshTunnelSchema>;

export const acceptHostKeySchema = z.strictObject({ fingerprint: sshFingerprintSchema });
export type AcceptHostKeyRequest = z.infer<typeof acceptHostKeySchema>;

/** The issues of a tunnel on a connection: a type it can carry, and the secret its method needs. */
export function sshTunnelIssues(value: {
  sshTunnel?: SshTunnelInput | null;
  sshPassword?: string;
  sshPrivateKey?: string;
}): { path: string[]; message: string }[] {
  const tunnel = value.sshTunnel;
  if (!tunnel) {
    const stray = (['sshPassword', 'sshPrivateKey'] as const).find((f) => value[f]);
    return stray ? [{ path: [stray], message: 'is only used with an SSH tunnel' }] : [];
  }
  if (tunnel.authMethod === 'key' && value.sshPassword)
    return [{ path: ['sshPassword'], message: 'is not used with key authentication' }];
  if (tunnel.authMethod === 'password' && value.sshPrivateKey)
    return [{ path: ['sshPrivateKey'], message: 'is not used with password authentication' }];
  return [];
}
