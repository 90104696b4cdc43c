/**
 * Refresh tokens: 32 random bytes given to the client once, stored only as their SHA-256 (a
 * database leak does not leak usable tokens; the token is random, so a fast hash is enough).
 * Each use rotates it; presenting a used token again revokes the whole family.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/types.ts';
import { newId } from '../../shared/util/ids.ts';
import { toIso } from './time.ts';

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function issueRefreshToken(
  q: Queryable,
  userId: string,
  now: Date,
  ttlSeconds: number,
  familyId: string = newId(),
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await q.query(
    `INSERT INTO refresh_tokens (token_hash, user_id, family_id, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [
      hashToken(token),
      userId,
      familyId,
      new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
      now.toISOString(),
    ],
  );
  return token;
}

export type RefreshUse =
  { ok: true; userId: string; familyId: string } | { ok: false; reason: 'invalid' | 'expired' | 'reused' };

/** Marks the token used (once) and says whose it was; a second use revokes its family. */
export async function useRefreshToken(q: Queryable, token: string, now: Date): Promise<RefreshUse> {
  const rows = await q.query<{
    user_id: string;
    family_id: string;
    expires_at: unknown;
    used_at: unknown;
    revoked_at: unknown;
  }>('SELECT user_id, family_id, expires_at, used_at, revoked_at FROM refresh_tokens WHERE token_hash = $1', [
    hashToken(token),
  ]);
  const row = rows[0];
  if (!row || row.revoked_at !== null) return { ok: false, reason: 'invalid' };
  if (row.used_at !== null) {
    await revokeFamily(q, row.family_id, now);
    return { ok: false, reason: 'reused' };
  }
  if (new Date(toIso(row.expires_at)) <= now) return { ok: false, reason: 'expired' };
  await q.query('UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1', [
    hashToken(token),
    now.toISOString(),
  ]);
  return { ok: true, userId: row.user_id, familyId: row.family_id };
}

export async function revokeFamily(q: Queryable, familyId: string, now: Date): Promise<void> {
  await q.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL', [
    familyId,
    now.toISOString(),
  ]);
}

/** Logout: revokes the family of this token, if it is one. */
export async function revokeByToken(q: Queryable, token: string, now: Date): Promise<void> {
  const rows = await q.query<{ family_id: string }>(
    'SELECT family_id FROM refresh_tokens WHERE token_hash = $1',
    [hashToken(token)],
  );
  if (rows[0]) await revokeFamily(q, rows[0].family_id, now);
}
