/** What the routes share: storage, token signing, blobs, the clock and the limits in force. */
import type { Db } from './db/types.ts';
import { AccessTokens } from './auth/tokens.ts';
import { BlobFiles } from './blobs/files.ts';
import { BlobService } from './blobs/service.ts';
import { PushQueue } from './sync/push.ts';
import { ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_SECONDS } from '../shared/api/auth.ts';

export interface PlatformOptions {
  db: Db;
  /** Folder for blob bytes (verified objects and uploads under way). */
  blobDir: string;
  /** HS256 key for access tokens (platform/auth/secret.ts). */
  secret: Uint8Array;
  /** Injected in tests to move time (token expiry) without waiting. */
  clock?: () => Date;
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
  /** Login attempts per IP and username; 5 a minute unless set. */
  loginRateLimit?: { max: number; timeWindowMs: number };
}

export interface Services {
  db: Db;
  tokens: AccessTokens;
  blobs: BlobService;
  /** Pushes, written in groups (group commit). */
  pushes: PushQueue;
  clock: () => Date;
  now: () => string;
  refreshTtlSeconds: number;
  loginRateLimit: { max: number; timeWindowMs: number };
}

export function createServices(o: PlatformOptions): Services {
  const clock = o.clock ?? (() => new Date());
  return {
    db: o.db,
    tokens: new AccessTokens(o.secret, clock, o.accessTtlSeconds ?? ACCESS_TOKEN_TTL_SECONDS),
    blobs: new BlobService(o.db, new BlobFiles(o.blobDir)),
    pushes: new PushQueue(o.db),
    clock,
    now: () => clock().toISOString(),
    refreshTtlSeconds: o.refreshTtlSeconds ?? REFRESH_TOKEN_TTL_SECONDS,
    loginRateLimit: o.loginRateLimit ?? { max: 5, timeWindowMs: 60_000 },
  };
}
