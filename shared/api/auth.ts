/** Login, token refresh and logout. Access tokens are short-lived JWTs; refresh tokens rotate. */
import { z } from 'zod';
import { idSchema, roleSchema } from './common.ts';

/** 15 minutes: a stolen access token is useful only briefly; the refresh token renews it. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** 30 days: a unit working offline for weeks signs in again only after a month away. */
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

export const usernameSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/);

export const loginRequestSchema = z.strictObject({
  username: usernameSchema,
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const apiUserSchema = z.object({
  id: idSchema,
  username: z.string(),
  role: roleSchema,
  unitId: idSchema.optional(),
  /** A province user's GB/T 2260 province code (430000); a unit user's unit region. */
  regionCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  displayName: z.string(),
});
export type ApiUser = z.infer<typeof apiUserSchema>;

export const tokenResponseSchema = z.object({
  accessToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
  refreshToken: z.string(),
  refreshExpiresIn: z.number().int().positive(),
  user: apiUserSchema,
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export const refreshRequestSchema = z.strictObject({ refreshToken: z.string().min(1).max(512) });
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;

export const logoutRequestSchema = refreshRequestSchema;
export type LogoutRequest = z.infer<typeof logoutRequestSchema>;

export const okResponseSchema = z.object({ ok: z.literal(true) });

export const meResponseSchema = z.object({ user: apiUserSchema });
export type MeResponse = z.infer<typeof meResponseSchema>;
