/**
 * The store as lines: every table of the open database (db.tables, whatever the schema version
 * has), read in ONE read-only transaction so the backup is a consistent moment, then encoded
 * outside it (Blobs are read asynchronously, which would end an IndexedDB transaction).
 *
 * The store digest is a hash over exactly these lines, so "this backup" and "this store" can be
 * compared without writing a file: storeDigest(restored) === manifest.storeDigest.
 */
import type { Dexie, Table } from 'dexie';
import { sha256Hex, sha256HexSync } from '../util/sha256.ts';
import { LIMITS } from './format.ts';
import { canonicalJson, RowEncoder } from './codec.ts';

export interface SnapshotTable {
  name: string;
  outbound: boolean;
  rows: number;
  /** The table's lines, each ending in "\n", cut into entries of about LIMITS.chunkChars. */
  chunks: Uint8Array[];
  /** SHA-256 over the chunks in order (= over all lines). */
  sha256: string;
}

export interface StoreSnapshot {
  database: string;
  schemaVersion: number;
  tables: SnapshotTable[];
  /** Every byte array and Blob of every row, by SHA-256. */
  blobs: Map<string, Uint8Array>;
}

/** Whether a table keeps its primary keys outside the rows (then each line is `[key, row]`). */
export function isOutbound(table: Table): boolean {
  const primKey = table.schema.primKey as { keyPath?: unknown; outbound?: boolean };
  return (
    primKey.outbound === true ||
    primKey.keyPath === null ||
    primKey.keyPath === undefined ||
    primKey.keyPath === ''
  );
}

/** The schema version of an open Dexie store (Dexie keeps IndexedDB's version / 10). */
export function schemaVersionOf(db: Dexie): number {
  return Math.floor(db.verno);
}

/** Bytes one after the other in one buffer. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * Lines into entries of about LIMITS.chunkChars, and the table's hash over all of them (the
 * same whatever the entry size: it is the hash of every line with its newline, in order).
 */
export async function chunkLines(lines: string[]): Promise<{ chunks: Uint8Array[]; sha256: string }> {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let from = 0;
  let chars = 0;
  for (let i = 0; i < lines.length; i++) {
    chars += lines[i]!.length + 1;
    if (chars >= LIMITS.chunkChars || i === lines.length - 1) {
      chunks.push(encoder.encode(`${lines.slice(from, i + 1).join('\n')}\n`));
      from = i + 1;
      chars = 0;
    }
  }
  return { chunks, sha256: await sha256Hex(concatBytes(chunks)) };
}

/** The digest of a store from its tables' row counts and hashes; empty tables do not count. */
export function digestOf(tables: ReadonlyArray<{ name: string; rows: number; sha256: string }>): string {
  const listed = tables
    .filter((t) => t.rows > 0)
    .map((t) => [t.name, t.rows, t.sha256])
    .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  return sha256HexSync(canonicalJson({ format: 'tianbao-store-digest', version: 1, tables: listed }));
}

/** Reads every table in one transaction and encodes it. */
export async function snapshotStore(db: Dexie): Promise<StoreSnapshot> {
  if (!db.isOpen()) await db.open();
  const tables = [...db.tables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const raw = await db.transaction('r', tables, () =>
    Promise.all(
      tables.map(async (table) => {
        const outbound = isOutbound(table);
        const rows = await table.toArray();
        const keys = outbound ? await table.toCollection().primaryKeys() : undefined;
        return { name: table.name, outbound, rows, keys };
      }),
    ),
  );
  const encoder = new RowEncoder();
  const encoded = raw.map(({ name, outbound, rows, keys }) => ({
    name,
    outbound,
    lines: rows.map((row, i) =>
      outbound ? `[${encoder.line(keys![i])},${encoder.line(row)}]` : encoder.line(row),
    ),
  }));
  const blobs = new Map<string, Uint8Array>();
  await encoder.finish(blobs);
  const tablesOut: SnapshotTable[] = [];
  for (const { name, outbound, lines } of encoded) {
    const { chunks, sha256 } = await chunkLines(lines.map((l) => encoder.resolve(l)));
    tablesOut.push({ name, outbound, rows: lines.length, chunks, sha256 });
  }
  return { database: db.name, schemaVersion: schemaVersionOf(db), blobs, tables: tablesOut };
}

/**
 * A canonical hash of everything the store holds: every non-empty table's rows in key order,
 * byte arrays and Blobs by their content. Two stores with the same digest hold the same data.
 */
export async function storeDigest(db: Dexie): Promise<string> {
  return digestOf((await snapshotStore(db)).tables);
}
