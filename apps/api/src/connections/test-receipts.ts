import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { testResultSchema, type TestResult } from '@sluice/contracts';
import { fieldError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { credentialOf, type Credential } from './credential';

/** The fields a test depends on: a change of any of them makes an older test say nothing. */
export interface TestedTarget {
  dbType: string;
  host?: string | null;
  port?: number | null;
  databaseName?: string | null;
  username?: string | null;
  useSsl?: boolean;
  options?: Record<string, unknown> | null;
  sshTunnel?: { host: string; port?: number | null; username: string; authMethod: string } | null;
}

/** A test's result, and when it ran, as the save that redeems its receipt stores them. */
export interface RedeemedTest {
  testedAt: Date;
  result: TestResult;
}

/** A receipt is good for an hour: long enough to fill in a name, short enough to be current. */
const RECEIPT_TTL_MS = 60 * 60 * 1000;

interface Payload {
  /** Keyed hash of the target and the secret the test used (never the secret itself). */
  f: string;
  at: number;
  r: TestResult;
}

const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([, v]) => v !== undefined && v !== null && v !== '')
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, canonical(v)]),
        )
      : value;

/**
 * Receipts for connection tests: the test a person ran in the dialog, on exactly the values
 * then saved, becomes the connection's last test without being run again. A receipt is signed
 * (HMAC with a key derived from JWT_SECRET, so every API process accepts it) and binds the
 * result to a keyed hash of the target fields and the secret used, so it cannot be forged,
 * edited or moved to other values, and reveals nothing of a stored password.
 */
@Injectable()
export class TestReceipts {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = createHmac('sha256', config.jwtSecret).update('sluice.test-receipt').digest();
  }

  issue(target: TestedTarget, credential: Credential | null, result: TestResult): string {
    const payload: Payload = { f: this.fingerprint(target, credential), at: Date.now(), r: result };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The test the receipt vouches for; a 400 on `testReceipt` when it is not for these values. */
  redeem(receipt: string, target: TestedTarget, credential: Credential | null): RedeemedTest {
    const [body = '', signature = ''] = receipt.split('.');
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw fieldError('testReceipt', 'is not a receipt Sluice issued: test the connection again');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
    if (Date.now() - payload.at > RECEIPT_TTL_MS)
      throw fieldError('testReceipt', 'is more than an hour old: test the connection again');
    if (payload.f !== this.fingerprint(target, credential))
      throw fieldError(
        'testReceipt',
        'is for other values than the ones saved: test the connection again',
      );
    return { testedAt: new Date(payload.at), result: testResultSchema.parse(payload.r) };
  }

  private fingerprint(target: TestedTarget, credential: Credential | null): string {
    const tested = {
      dbType: target.dbType,
      host: target.host ?? null,
      port: target.port ?? null,
      databaseName: target.databaseName || null,
      username: target.username || null,
      useSsl: target.useSsl ?? false,
      options: target.options ?? {},
      // The bastion and how Sluice signs in to it; not its pinned key, which the test itself sets.
      ...(target.sshTunnel && {
        sshTunnel: {
          host: target.sshTunnel.host.toLowerCase(),
          port: target.sshTunnel.port ?? 22,
          username: target.sshTunnel.username,
          authMethod: target.sshTunnel.authMethod,
        },
      }),
      secret: credentialOf(credential ?? {}),
    };
    return createHmac('sha256', this.key)
      .update(JSON.stringify(canonical(tested)))
      .digest('base64url');
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(`receipt.${body}`).digest('base64url');
  }
}
