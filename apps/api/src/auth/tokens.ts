import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SignJWT, jwtVerify } from 'jose';
import { APP_CONFIG, type AppConfig } from '../config/config';

export interface TokenClaims {
  userId: string;
  sessionId: string;
}

/** About 3 MB of tokens at most; past that the memory starts again from empty. */
const VERIFIED_TOKENS = 10_000;

@Injectable()
export class TokenService {
  /** Made once: jose would otherwise import the secret again on every request. */
  private readonly key: KeyObject;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  get ttlSeconds(): number {
    return this.config.sessionTtlSeconds;
  }

  sign(claims: TokenClaims): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setJti(claims.sessionId)
      .setIssuer('sluice')
      .setIssuedAt()
      .setExpirationTime(`${this.config.sessionTtlSeconds}s`)
      .sign(this.key);
  }

  /** Null for anything but a well-formed, HS256-signed, unexpired token of ours. */
  async verify(token: string): Promise<TokenClaims | null> {
    const verified = this.verified.get(token);
    if (verified) return verified.expiresAt > Date.now() ? verified.claims : null;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: 'sluice',
      });
      if (!payload.sub || !payload.jti || !payload.exp) return null;
      const claims = { userId: payload.sub, sessionId: payload.jti };
      this.remember(token, claims, payload.exp * 1000);
      return claims;
    } catch {
      return null;
    }
  }

  /**
   * Tokens whose signature was checked, with their expiry: the signature of a token cannot
   * change, so each is checked once. Whether its session still holds is asked every time.
   */
  private readonly verified = new Map<string, { claims: TokenClaims; expiresAt: number }>();

  private remember(token: string, claims: TokenClaims, expiresAt: number): void {
    if (this.verified.size >= VERIFIED_TOKENS) this.verified.clear();
    this.verified.set(token, { claims, expiresAt });
  }
}
