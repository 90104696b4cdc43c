/**
 * The store as lines: every table of the open database (db.tables, whatever the schema version
 * has), read in ONE read-only transaction so the backup is a consistent moment, then encoded
 * outside it (Blobs are read asynchronously, which would end an IndexedDB transaction).
 *
 * The store digest is a hash over exactly these lines, so "this backup" and "this store" can be
 * compared without writing a file: storeDigest(restored) === manifest.storeDigest.
 */
import canonicalize from 'canonicalize';
import type { Dexie, Table } from 'dexie';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { sha256HexSync } from '../util/sha256.ts';
import { LIMITS } from './format.ts';
import { lineOf, RowEncoder, type Tagged } from './codec.ts';

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

/** Lines into entries; the same lines always give the same chunks and hash. */
export function chunkLines(lines: string[]): { chunks: Uint8Array[]; sha256: string } {
  const encoder = new TextEncoder();
  const hash = sha256.create();
  const chunks: Uint8Array[] = [];
  let part: string[] = [];
  let chars = 0;
  const flush = () => {
    if (part.length === 0) return;
    const bytes = encoder.encode(`${part.join('\n')}\n`);
    hash.update(bytes);
    chunks.push(bytes);
    part = [];
    chars = 0;
  };
  for (const line of lines) {
    part.push(line);
    chars += line.length + 1;
    if (chars >= LIMITS.chunkChars) flush();
  }
  flush();
  return { chunks, sha256: bytesToHex(hash.digest()) };
}

/** The digest of a store from its tables' row counts and hashes; empty tables do not count. */
export function digestOf(tables: ReadonlyArray<{ name: string; rows: number; sha256: string }>): string {
  const listed = tables
    .filter((t) => t.rows > 0)
    .map((t) => [t.name, t.rows, t.sha256])
    .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  return sha256HexSync(canonicalize({ format: 'tianbao-store-digest', version: 1, tables: listed }) ?? '');
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
  const tagged = raw.map(({ name, outbound, rows, keys }) => ({
    name,
    outbound,
    rows: rows.map((row, i): Tagged =>
      outbound ? [encoder.encode(keys![i]), encoder.encode(row)] : encoder.encode(row),
    ),
  }));
  const blobs = new Map<string, Uint8Array>();
  await encoder.finish(blobs);
  return {
    database: db.name,
    schemaVersion: schemaVersionOf(db),
    blobs,
    tables: tagged.map(({ name, outbound, rows }) => {
      const { chunks, sha256: hash } = chunkLines(rows.map(lineOf));
      return { name, outbound, rows: rows.length, chunks, sha256: hash };
    }),
  };
}

/**
 * A canonical hash of everything the store holds: every non-empty table's rows in key order,
 * byte arrays and Blobs by their content. Two stores with the same digest hold the same data.
 */
export async function storeDigest(db: Dexie): Promise<string> {
  return digestOf((await snapshotStore(db)).tables);
}
