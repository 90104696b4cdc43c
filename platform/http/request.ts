/** The authenticated caller on each request, and the per-route switch that makes a route public. */
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.ts';
import { apiError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** false: no access token needed (health, login, and the refresh-token routes). */
    auth?: boolean;
  }
}

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw apiError(401, 'unauthorized');
  return req.principal;
}

export function bearerToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  const m = header ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header) : null;
  return m?.[1];
}
