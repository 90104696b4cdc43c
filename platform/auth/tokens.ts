/**
 * Access tokens: HS256 JWTs that live 15 minutes and carry who the caller is and what it may
 * reach, so a request needs no database lookup to be authorised.
 */
import { SignJWT, errors, jwtVerify } from 'jose';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { roleSchema } from '../../shared/api/common.ts';
import { apiError } from '../http/errors.ts';
import type { Principal } from './principal.ts';

const ISSUER = 'tianbao-platform';
const AUDIENCE = 'tianbao-api';

const claimsSchema = z.object({
  sub: z.string(),
  usr: z.string(),
  role: roleSchema,
  name: z.string(),
  unit: z.string().optional(),
  region: z.string().optional(),
});

/** Verified tokens remembered at most; beyond it the oldest are forgotten (and verified again). */
const VERIFIED_CACHE_SIZE = 10_000;

export class AccessTokens {
  /**
   * Tokens already verified, with their expiry: a client sends the same token with every request
   * for 15 minutes, and checking its signature and claims each time costs more than the push it
   * carries. Keyed by the whole token (signature included), so only the exact bytes that verified
   * are accepted; the expiry is checked against the clock on every use as jose would.
   */
  private readonly verified = new Map<string, { principal: Principal; exp: number }>();

  constructor(
    private readonly key: Uint8Array,
    private readonly clock: () => Date,
    readonly ttlSeconds: number,
  ) {}

  async sign(p: Principal): Promise<string> {
    const now = Math.floor(this.clock().getTime() / 1000);
    return new SignJWT({
      usr: p.username,
      role: p.role,
      name: p.displayName,
      ...(p.unitId ? { unit: p.unitId } : {}),
      ...(p.regionCode ? { region: p.regionCode } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(p.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + this.ttlSeconds)
      .setJti(randomUUID())
      .sign(this.key);
  }

  /** The caller behind a token, or a 401 saying whether it expired or is no good at all. */
  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known) {
      if (Math.floor(this.clock().getTime() / 1000) < known.exp) return known.principal;
      this.verified.delete(token);
    }
    return this.verifySignature(token);
  }

  private async verifySignature(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        currentDate: this.clock(),
      });
      const c = claimsSchema.parse(payload);
      const principal: Principal = {
        userId: c.sub,
        username: c.usr,
        role: c.role,
        displayName: c.name,
        ...(c.unit ? { unitId: c.unit } : {}),
        ...(c.region ? { regionCode: c.region } : {}),
      };
      if (typeof payload.exp === 'number') this.remember(token, principal, payload.exp);
      return principal;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw apiError(401, 'tokenExpired');
      throw apiError(401, 'unauthorized');
    }
  }

  private remember(token: string, principal: Principal, exp: number): void {
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      // Maps iterate in insertion order: the first keys are the oldest.
      let drop = Math.ceil(VERIFIED_CACHE_SIZE / 10);
      for (const key of this.verified.keys()) {
        this.verified.delete(key);
        if (--drop === 0) break;
      }
    }
    // Frozen: every request of this token shares the object, none may change it for the others.
    this.verified.set(token, { principal: Object.freeze(principal), exp });
  }
}
