/**
 * Login, refresh and logout. Login is rate limited per IP and username; a wrong username and a
 * wrong password get the same answer after the same work, so neither tells which one was wrong.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ROUTES } from '../../shared/api/paths.ts';
import {
  loginRequestSchema,
  logoutRequestSchema,
  refreshRequestSchema,
  type MeResponse,
  type TokenResponse,
} from '../../shared/api/auth.ts';
import { writeTransaction } from '../db/write.ts';
import { burnPasswordCheck, verifyPassword } from '../auth/passwords.ts';
import { toApiUser } from '../auth/principal.ts';
import {
  findUserById,
  findUserByUsername,
  principalOf as principalOfUser,
  type UserRow,
} from '../store/users.ts';
import {
  issueRefreshToken,
  revokeByToken,
  revokeFamily,
  useRefreshToken,
  type RefreshUse,
} from '../store/refresh-tokens.ts';
import { apiError } from '../http/errors.ts';
import { parseInput } from '../http/validate.ts';
import { principalOf } from '../http/request.ts';
import type { Services } from '../services.ts';

async function tokensFor(s: Services, user: UserRow, refreshToken: string): Promise<TokenResponse> {
  const principal = principalOfUser(user);
  return {
    accessToken: await s.tokens.sign(principal),
    expiresIn: s.tokens.ttlSeconds,
    refreshToken,
    refreshExpiresIn: s.refreshTtlSeconds,
    user: toApiUser(principal),
  };
}

/** The username a login attempt names, for the rate-limit key (the body is parsed by then). */
function attemptedUsername(req: FastifyRequest): string {
  const u = (req.body as { username?: unknown } | undefined)?.username;
  return typeof u === 'string' ? u.trim().toLowerCase().slice(0, 64) : '';
}

export function authRoutes(app: FastifyInstance, s: Services): void {
  app.post(
    ROUTES.login,
    {
      config: {
        auth: false,
        rateLimit: {
          max: s.loginRateLimit.max,
          timeWindow: s.loginRateLimit.timeWindowMs,
          // After parsing, so the key can include the username: one user's lockout does not
          // lock out everyone behind the same school NAT.
          hook: 'preHandler',
          keyGenerator: (req: FastifyRequest) => `${req.ip}|${attemptedUsername(req)}`,
        },
      },
    },
    async (req): Promise<TokenResponse> => {
      const body = parseInput(loginRequestSchema, req.body, 'body');
      const user = await findUserByUsername(s.db, body.username);
      if (!user || user.disabled) {
        await burnPasswordCheck(body.password);
        throw apiError(401, 'badCredentials');
      }
      if (!(await verifyPassword(body.password, user.passwordHash))) throw apiError(401, 'badCredentials');
      const refreshToken = await writeTransaction(s.db, (tx) =>
        issueRefreshToken(tx, user.id, s.clock(), s.refreshTtlSeconds),
      );
      return tokensFor(s, user, refreshToken);
    },
  );

  app.post(
    ROUTES.refresh,
    {
      config: {
        auth: false,
        rateLimit: { max: 60, timeWindow: 60_000, hook: 'onRequest' },
      },
    },
    async (req): Promise<TokenResponse> => {
      const body = parseInput(refreshRequestSchema, req.body, 'body');
      const now = s.clock();
      const outcome = await writeTransaction(
        s.db,
        async (tx): Promise<{ use: RefreshUse; user?: UserRow; token?: string }> => {
          const use = await useRefreshToken(tx, body.refreshToken, now);
          if (!use.ok) return { use };
          const user = await findUserById(tx, use.userId);
          if (!user || user.disabled) {
            await revokeFamily(tx, use.familyId, now);
            return { use: { ok: false, reason: 'invalid' } };
          }
          const token = await issueRefreshToken(tx, user.id, now, s.refreshTtlSeconds, use.familyId);
          return { use, user, token };
        },
      );
      if (!outcome.use.ok || !outcome.user || !outcome.token) {
        const reason = outcome.use.ok ? 'invalid' : outcome.use.reason;
        throw apiError(401, reason === 'reused' ? 'refreshReused' : 'refreshInvalid');
      }
      return tokensFor(s, outcome.user, outcome.token);
    },
  );

  // Authenticated by the refresh token it revokes: an app whose access token has expired can
  // still sign out properly.
  app.post(ROUTES.logout, { config: { auth: false } }, async (req) => {
    const body = parseInput(logoutRequestSchema, req.body, 'body');
    await writeTransaction(s.db, (tx) => revokeByToken(tx, body.refreshToken, s.clock()));
    return { ok: true as const };
  });

  app.get(ROUTES.me, async (req): Promise<MeResponse> => ({ user: toApiUser(principalOf(req)) }));
}
