/**
 * Three-way, field-level merge of a record both sides changed since they last agreed. Fields
 * changed on one side only are taken from that side; a field both changed to different values is
 * a conflict for the user. A submission's values are fields one by one (`values.T01_01`), so two
 * people filling different indicators never collide.
 */
import type { ConflictField, SyncDoc, SyncEntity } from '../db/records.ts';

/** Fields the platform alone decides (status machine, receipt); never merged from the client. */
const SERVER_FIELDS: Partial<Record<SyncEntity, readonly string[]>> = {
  submission: ['status', 'snapshotSha256', 'submittedAt'],
};
/** Bookkeeping that changes with every save; the newer side wins without asking. */
const TIMESTAMPS = new Set(['updatedAt', 'createdAt']);
/** Maps merged key by key. */
const NESTED: Partial<Record<SyncEntity, readonly string[]>> = { submission: ['values', 'raw'] };

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface MergeResult {
  merged: SyncDoc;
  conflicts: ConflictField[];
}

function mergeFlat(
  base: Record<string, unknown>,
  local: Record<string, unknown>,
  server: Record<string, unknown>,
  prefix: string,
  skip: ReadonlySet<string>,
): MergeResult {
  const merged: SyncDoc = {};
  const conflicts: ConflictField[] = [];
  const keys = new Set([...Object.keys(base), ...Object.keys(local), ...Object.keys(server)]);
  for (const key of keys) {
    if (skip.has(key)) continue;
    const b = base[key];
    const l = local[key];
    const s = server[key];
    let value: unknown;
    if (sameValue(l, s)) value = s;
    else if (sameValue(l, b)) value = s;
    else if (sameValue(s, b)) value = l;
    else if (TIMESTAMPS.has(key)) value = String(l ?? '') > String(s ?? '') ? l : s;
    else {
      conflicts.push({ path: `${prefix}${key}`, base: b ?? null, local: l ?? null, server: s ?? null });
      value = s;
    }
    if (value !== undefined) merged[key] = value;
  }
  return { merged, conflicts };
}

export function mergeDocs(
  entity: SyncEntity,
  base: SyncDoc | null,
  local: SyncDoc,
  server: SyncDoc,
): MergeResult {
  const b = base ?? {};
  const nested = NESTED[entity] ?? [];
  const serverOnly = SERVER_FIELDS[entity] ?? [];
  const top = mergeFlat(b, local, server, '', new Set([...nested, ...serverOnly]));
  for (const key of serverOnly) if (server[key] !== undefined) top.merged[key] = server[key];
  for (const key of nested) {
    const inner = mergeFlat(
      (b[key] ?? {}) as Record<string, unknown>,
      (local[key] ?? {}) as Record<string, unknown>,
      (server[key] ?? {}) as Record<string, unknown>,
      `${key}.`,
      new Set(),
    );
    // A blank value is an absent key in a submission document.
    const cleaned = Object.fromEntries(Object.entries(inner.merged).filter(([, v]) => v !== null));
    if (Object.keys(cleaned).length || key === 'values') top.merged[key] = cleaned;
    top.conflicts.push(...inner.conflicts);
  }
  return top;
}

/** Applies the user's choices (path → 'local' | 'server') to a merge. */
export function resolveConflicts(
  merged: SyncDoc,
  fields: ConflictField[],
  choices: Record<string, 'local' | 'server'>,
): SyncDoc {
  const out = JSON.parse(JSON.stringify(merged)) as SyncDoc;
  for (const f of fields) {
    const value = choices[f.path] === 'local' ? f.local : f.server;
    const dot = f.path.indexOf('.');
    if (dot < 0) {
      if (value === null || value === undefined) delete out[f.path];
      else out[f.path] = value;
      continue;
    }
    const [outer, inner] = [f.path.slice(0, dot), f.path.slice(dot + 1)];
    const map = { ...((out[outer] ?? {}) as Record<string, unknown>) };
    if (value === null || value === undefined) delete map[inner];
    else map[inner] = value;
    out[outer] = map;
  }
  return out;
}
