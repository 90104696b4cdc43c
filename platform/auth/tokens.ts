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

export class AccessTokens {
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
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        currentDate: this.clock(),
      });
      const c = claimsSchema.parse(payload);
      return {
        userId: c.sub,
        username: c.usr,
        role: c.role,
        displayName: c.name,
        ...(c.unit ? { unitId: c.unit } : {}),
        ...(c.region ? { regionCode: c.region } : {}),
      };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw apiError(401, 'tokenExpired');
      throw apiError(401, 'unauthorized');
    }
  }
}
