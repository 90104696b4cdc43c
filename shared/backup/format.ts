/**
 * The backup of the whole local store (数据备份, `.tbbak`). A zip holding
 *
 *   manifest.json                 what the backup is: format and schema version, when, why, the
 *                                 app version, every table with its row count and hash, every
 *                                 other entry with its size and SHA-256, and the store digest
 *   manifest.sha256               SHA-256 of the manifest's RFC 8785 canonical JSON
 *   tables/<table>/<nnnn>.ndjson  the rows of each table in primary-key order, one canonical JSON
 *                                 line per row (values that JSON cannot hold are tagged, see
 *                                 codec.ts), split into entries of a few MB
 *   blobs/<sha256>                every byte array and Blob of every row, stored once by its hash
 *
 * Tables are whatever the store has (`db.tables`), never a list in code, so a new schema version
 * is backed up without touching this module.
 *
 * An encrypted backup is the same zip sealed with AES-256-GCM under a key derived from the
 * passphrase with PBKDF2-SHA256, after a small header (crypto.ts). A plain one is the zip itself.
 *
 * The hashes catch corruption, truncation and naive edits; they are not a signature.
 * This module is pure data (no store, no Node APIs) so it runs in a browser and in Node alike.
 */
import { z } from 'zod';
import { msg, type Message, type MessageParams } from '../i18n/message.ts';

export const BACKUP_FORMAT = 'tianbao-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** File name extension the app offers when saving a backup. */
export const BACKUP_EXTENSION = 'tbbak';
export const BACKUP_MIME = 'application/octet-stream';

export const MANIFEST_PATH = 'manifest.json';
export const MANIFEST_HASH_PATH = 'manifest.sha256';
export const TABLES_DIR = 'tables/';
export const BLOBS_DIR = 'blobs/';

/** Why a backup was made; automatic ones are kept by retention, manual ones until deleted. */
export const BACKUP_REASONS = ['manual', 'migration', 'import', 'restore'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

export const LIMITS = {
  /** A zip without zip64 holds at most 65,535 entries; JSZip writes no zip64. */
  maxEntries: 65_000,
  /** Rows text per table entry before a new entry is started. */
  chunkChars: 8 * 1024 * 1024,
  /** A zip without zip64 cannot be larger than 4 GiB. */
  totalBytes: 4 * 1024 ** 3 - 1,
  manifestBytes: 64 * 1024 ** 2,
  manifestHashBytes: 1024,
  /** A problem per row of a hostile file would be millions of lines; the first ones say enough. */
  reportedErrors: 200,
} as const;

/** Table names as Dexie and IndexedDB stores are named here: identifiers, safe in a path. */
export const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const TABLE_ENTRY = /^tables\/([A-Za-z_][A-Za-z0-9_]{0,63})\/(\d{4,6})\.ndjson$/;
const BLOB_ENTRY = /^blobs\/[0-9a-f]{64}$/;

export function tableEntryPath(table: string, index: number): string {
  return `${TABLES_DIR}${table}/${String(index + 1).padStart(4, '0')}.ndjson`;
}

export function blobPath(sha256: string): string {
  return `${BLOBS_DIR}${sha256}`;
}

export function isTableEntry(path: string): boolean {
  return TABLE_ENTRY.test(path);
}

export function isBlobEntry(path: string): boolean {
  return BLOB_ENTRY.test(path);
}

const sha256Schema = z.string().regex(SHA256);

export const manifestFileSchema = z.strictObject({
  path: z.string().refine((p) => isTableEntry(p) || isBlobEntry(p), { message: 'listedPath' }),
  size: z.int().min(0),
  sha256: sha256Schema,
});
export type BackupFile = z.output<typeof manifestFileSchema>;

export const manifestTableSchema = z.strictObject({
  name: z.string().regex(TABLE_NAME),
  rows: z.int().min(0),
  /** Keys kept outside the rows (an out-of-line primary key): each line is `[key, row]`. */
  outbound: z.boolean(),
  /** SHA-256 of the table's lines, each ending in "\n", over all its entries in order. */
  sha256: sha256Schema,
  entries: z.array(z.string().refine(isTableEntry, { message: 'tablePath' })),
});
export type BackupTable = z.output<typeof manifestTableSchema>;

export const backupManifestSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  createdAt: z.iso.datetime({ offset: true }),
  appVersion: z.string().min(1).max(50).optional(),
  reason: z.enum(BACKUP_REASONS),
  /** The IndexedDB database the backup was taken from. */
  database: z.string().min(1).max(200),
  /** The store's schema version (shared/db/schema.ts) when the backup was taken. */
  schemaVersion: z.int().min(1),
  tables: z.array(manifestTableSchema).max(1000),
  files: z.array(manifestFileSchema).max(LIMITS.maxEntries),
  /** storeDigest() of the store as it was backed up. */
  storeDigest: sha256Schema,
});
export type BackupManifest = z.output<typeof backupManifestSchema>;

/* ------------------------------------------------------------------ errors */

export const BACKUP_ERROR_CODES = [
  'empty',
  'notBackup',
  'truncated',
  'passphraseRequired',
  'decryptFailed',
  'unsupportedEncryption',
  'tooManyEntries',
  'tooLarge',
  'unsafePath',
  'duplicateEntry',
  'missingManifest',
  'missingManifestHash',
  'manifestHashInvalid',
  'manifestHash',
  'unknownFormat',
  'newerFormat',
  'manifest',
  'missingEntry',
  'extraEntry',
  'sizeMismatch',
  'sizeExceeded',
  'hashMismatch',
  'corruptEntry',
  'blobName',
  'tableHash',
  'rowCount',
  'invalidRow',
  'missingBlob',
  'digest',
  'newerSchema',
  'unknownTable',
  'tooManyErrors',
  'internal',
] as const;
export type BackupErrorCode = (typeof BACKUP_ERROR_CODES)[number];

/** One problem of a backup file: the entry it is in ('' for the file as a whole) and where in it. */
export interface BackupIssue {
  code: BackupErrorCode;
  entry: string;
  /** 1-based line of a table entry, or the manifest field. */
  line?: number;
  field?: string;
  message: Message;
}

export function backupIssue(
  code: BackupErrorCode,
  entry: string,
  params: MessageParams = {},
  where: { line?: number; field?: string } = {},
): BackupIssue {
  const issue: BackupIssue = {
    code,
    entry,
    message: msg(`backup:error.${code}`, {
      entry,
      ...(where.line !== undefined ? { line: where.line } : {}),
      ...(where.field !== undefined ? { field: where.field } : {}),
      ...params,
    }),
  };
  if (where.line !== undefined) issue.line = where.line;
  if (where.field !== undefined) issue.field = where.field;
  return issue;
}

/** A backup that cannot be read or restored; `issues` say every problem found, located. */
export class BackupError extends Error {
  constructor(readonly issues: BackupIssue[]) {
    super(`backup refused: ${issues.map((i) => `${i.code}${i.entry ? ` ${i.entry}` : ''}`).join(', ')}`);
    this.name = 'BackupError';
  }

  /** The first problem, for a one-line notice. */
  get userMessage(): Message {
    return this.issues[0]?.message ?? msg('backup:error.internal', { detail: '' });
  }
}

/** Hashes as people compare them on screen. */
export function shortHash(hex: string): string {
  return hex.length > 12 ? `${hex.slice(0, 12)}…` : hex;
}

/** One issue as a line in the translator's language, with the manifest field when there is one. */
export function formatBackupIssue(issue: BackupIssue, tr: { format(message: Message): string }): string {
  const text = tr.format(issue.message);
  return issue.field ? `${text} [${issue.field}]` : text;
}
