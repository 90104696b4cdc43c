/** Blob metadata: stored blobs, who may read them, and uploads under way. Bytes live in files. */
import type { Queryable } from '../db/types.ts';
import type { Principal } from '../auth/principal.ts';
import { blobOwner, unitScopeSql } from '../auth/principal.ts';

export async function blobSize(q: Queryable, sha256: string): Promise<number | undefined> {
  const rows = await q.query<{ size: string }>('SELECT size::text AS size FROM blobs WHERE sha256 = $1', [
    sha256,
  ]);
  return rows[0] ? Number(rows[0].size) : undefined;
}

export async function hasRef(q: Queryable, sha256: string, owner: string): Promise<boolean> {
  const rows = await q.query('SELECT 1 FROM blob_refs WHERE sha256 = $1 AND owner = $2', [sha256, owner]);
  return rows.length > 0;
}

/**
 * May this principal download the blob? Its own upload, or one uploaded by a unit it may see
 * (a province reviewer opens the evidence of its region's units).
 */
export async function canReadBlob(q: Queryable, p: Principal, sha256: string): Promise<boolean> {
  const scope = unitScopeSql(p, 'unit_id', 3);
  const rows = await q.query(
    `SELECT 1 FROM blob_refs WHERE sha256 = $1 AND (owner = $2 OR (unit_id IS NOT NULL AND ${scope.sql})) LIMIT 1`,
    [sha256, blobOwner(p), ...scope.params],
  );
  return rows.length > 0;
}

export async function addBlobAndRef(
  q: Queryable,
  blob: { sha256: string; size: number; owner: string; unitId: string | null },
  now: string,
): Promise<void> {
  await q.query('INSERT INTO blobs (sha256, size, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    blob.sha256,
    blob.size,
    now,
  ]);
  await q.query(
    'INSERT INTO blob_refs (sha256, owner, unit_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
    [blob.sha256, blob.owner, blob.unitId, now],
  );
}

export interface UploadRow {
  owner: string;
  sha256: string;
  size: number;
}

export async function getUpload(q: Queryable, owner: string, sha256: string): Promise<UploadRow | undefined> {
  const rows = await q.query<{ size: string }>(
    'SELECT size::text AS size FROM uploads WHERE owner = $1 AND sha256 = $2',
    [owner, sha256],
  );
  return rows[0] && { owner, sha256, size: Number(rows[0].size) };
}

export async function putUpload(
  q: Queryable,
  u: UploadRow & { unitId: string | null },
  now: string,
): Promise<void> {
  await q.query(
    `INSERT INTO uploads (owner, sha256, size, unit_id, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (owner, sha256) DO UPDATE SET size = EXCLUDED.size, created_at = EXCLUDED.created_at`,
    [u.owner, u.sha256, u.size, u.unitId, now],
  );
}

export async function deleteUpload(q: Queryable, owner: string, sha256: string): Promise<void> {
  await q.query('DELETE FROM uploads WHERE owner = $1 AND sha256 = $2', [owner, sha256]);
}
