/**
 * A digest of everything a store holds, for "a refused import changes nothing": every table of the
 * Dexie database, every record, canonical JSON (keys sorted, bytes hashed), one SHA-256 per table.
 */
import type { TianbaoDb } from '../../shared/db/index.ts';
import { sha256HexSync } from '../../shared/util/sha256.ts';

function canonical(value: unknown): unknown {
  if (value instanceof Uint8Array) return { bytes: sha256HexSync(value), length: value.byteLength };
  if (value instanceof ArrayBuffer) return canonical(new Uint8Array(value));
  if (value instanceof Date) return { date: value.toISOString() };
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return { number: String(value) };
  return value;
}

/** Table name → SHA-256 of its records in canonical form, sorted. */
export async function storeDigest(db: TianbaoDb): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of [...db.tables].sort((a, b) => a.name.localeCompare(b.name))) {
    const rows = (await table.toArray()).map((r) => JSON.stringify(canonical(r))).sort();
    out[table.name] = sha256HexSync(new TextEncoder().encode(rows.join('\n')));
  }
  return out;
}

/** Names of the tables whose digest differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after })
    .filter((k) => before[k] !== after[k])
    .sort();
}
