/**
 * Writes a backup of a whole store: snapshot (snapshot.ts) → manifest with every entry's hash →
 * zip → optionally sealed with a passphrase (crypto.ts).
 */
import canonicalize from 'canonicalize';
import JSZip from 'jszip';
import type { Dexie } from 'dexie';
import { sha256Hex, sha256HexSync } from '../util/sha256.ts';
import { nowIso } from '../util/ids.ts';
// A default import: the CLI loads JSON as Node does (one default export, see cli/bin/json-hooks.mjs).
import packageJson from '../../package.json';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  backupIssue,
  BackupError,
  blobPath,
  LIMITS,
  MANIFEST_HASH_PATH,
  MANIFEST_PATH,
  tableEntryPath,
  type BackupFile,
  type BackupManifest,
  type BackupReason,
} from './format.ts';
import { encryptBackup, PBKDF2_ITERATIONS } from './crypto.ts';
import { digestOf, snapshotStore, type StoreSnapshot } from './snapshot.ts';

export const APP_VERSION: string = packageJson.version;

export interface BackupOptions {
  reason?: BackupReason;
  /** Defaults to now; also the entries' zip timestamps. */
  createdAt?: string;
  appVersion?: string;
}

/** A backup before it is zipped: the manifest, the table entries by path and the blobs by hash. */
export interface BackupParts {
  manifest: BackupManifest;
  tables: Map<string, Uint8Array>;
  blobs: Map<string, Uint8Array>;
}

/** The SHA-256 the `manifest.sha256` entry holds: of the RFC 8785 canonical manifest. */
export function manifestHash(manifest: unknown): string {
  return sha256HexSync(canonicalize(manifest) ?? '');
}

export async function partsOf(snapshot: StoreSnapshot, options: BackupOptions = {}): Promise<BackupParts> {
  const files: BackupFile[] = [];
  const tables = new Map<string, Uint8Array>();
  const manifestTables: BackupManifest['tables'] = [];
  for (const table of snapshot.tables) {
    const entries: string[] = [];
    for (const [i, chunk] of table.chunks.entries()) {
      const path = tableEntryPath(table.name, i);
      entries.push(path);
      tables.set(path, chunk);
      files.push({ path, size: chunk.byteLength, sha256: await sha256Hex(chunk) });
    }
    manifestTables.push({
      name: table.name,
      rows: table.rows,
      outbound: table.outbound,
      sha256: table.sha256,
      entries,
    });
  }
  const shas = [...snapshot.blobs.keys()].sort();
  for (const sha of shas)
    files.push({ path: blobPath(sha), size: snapshot.blobs.get(sha)!.byteLength, sha256: sha });

  if (files.length + 2 > LIMITS.maxEntries) {
    throw new BackupError([
      backupIssue('tooManyEntries', '', { count: files.length + 2, max: LIMITS.maxEntries }),
    ]);
  }
  const total = files.reduce((n, f) => n + f.size, 0);
  if (total > LIMITS.totalBytes) {
    throw new BackupError([
      backupIssue('tooLarge', '', { sizeMb: mib(total), maxMb: mib(LIMITS.totalBytes) }),
    ]);
  }
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: options.createdAt ?? nowIso(),
    appVersion: options.appVersion ?? APP_VERSION,
    reason: options.reason ?? 'manual',
    database: snapshot.database,
    schemaVersion: snapshot.schemaVersion,
    tables: manifestTables,
    files,
    storeDigest: digestOf(snapshot.tables),
  };
  return { manifest, tables, blobs: snapshot.blobs };
}

export function mib(bytes: number): string {
  return (bytes / 1024 ** 2).toFixed(1);
}

export interface ZipOptions {
  /** Leave the blobs out (automatic backups keep them apart, shared between backups). */
  withoutBlobs?: boolean;
  /** Deflate level for the table entries: 1 is fast, 6 small. */
  level?: number;
}

export async function zipParts(parts: BackupParts, options: ZipOptions = {}): Promise<Uint8Array> {
  const date = new Date(parts.manifest.createdAt);
  const zip = new JSZip();
  const deflate = { date, createFolders: false, compression: 'DEFLATE' } as const;
  zip.file(MANIFEST_PATH, `${JSON.stringify(parts.manifest, null, 1)}\n`, deflate);
  zip.file(MANIFEST_HASH_PATH, `${manifestHash(parts.manifest)}\n`, deflate);
  for (const [path, data] of parts.tables) zip.file(path, data, deflate);
  if (!options.withoutBlobs) {
    // Evidence is PDF, images and Office files, compressed already; deflating again costs time for nothing.
    const shas = [...parts.blobs.keys()].sort();
    for (const sha of shas) {
      zip.file(blobPath(sha), parts.blobs.get(sha)!, { date, createFolders: false, compression: 'STORE' });
    }
  }
  return zip.generateAsync({ type: 'uint8array', compressionOptions: { level: options.level ?? 6 } });
}

export interface CreateBackupOptions extends BackupOptions {
  /** Seal the file with this passphrase (AES-256-GCM, PBKDF2-SHA256). */
  passphrase?: string;
  /** For tests only: fewer rounds are refused below 310,000. */
  iterations?: number;
}

export interface CreatedBackup {
  bytes: Uint8Array;
  manifest: BackupManifest;
  encrypted: boolean;
}

/** The whole store as one `.tbbak` file. */
export async function createBackup(db: Dexie, options: CreateBackupOptions = {}): Promise<CreatedBackup> {
  return sealParts(await partsOf(await snapshotStore(db), options), options);
}

/** The zip of all parts, sealed when there is a passphrase. */
export async function sealParts(
  parts: BackupParts,
  options: CreateBackupOptions = {},
): Promise<CreatedBackup> {
  const zip = await zipParts(parts);
  if (options.passphrase === undefined || options.passphrase === '') {
    return { bytes: zip, manifest: parts.manifest, encrypted: false };
  }
  const bytes = await encryptBackup(zip, options.passphrase, options.iterations ?? PBKDF2_ITERATIONS);
  return { bytes, manifest: parts.manifest, encrypted: true };
}

/** Adds blobs kept apart back into a zip written `withoutBlobs`: a complete `.tbbak` again. */
export async function completeZip(
  thin: Uint8Array,
  blobs: ReadonlyMap<string, Uint8Array>,
  createdAt: string,
): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(thin, { createFolders: false });
  const date = new Date(createdAt);
  for (const sha of [...blobs.keys()].sort()) {
    zip.file(blobPath(sha), blobs.get(sha)!, { date, createFolders: false, compression: 'STORE' });
  }
  return zip.generateAsync({ type: 'uint8array', compressionOptions: { level: 6 } });
}
