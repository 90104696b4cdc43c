/**
 * The submission package (提交包, `.tbpkg`): how a unit with no network hands one year's submission
 * to its province. A zip holding
 *
 *   manifest.json     what the package is (unit, project, year, status) and every other entry
 *                     with its byte size and SHA-256
 *   manifest.sha256   SHA-256 of the manifest's RFC 8785 canonical JSON, so an edited manifest
 *                     is caught too
 *   submission.json   the unit, project, submission, evidence, comments and snapshots as the
 *                     platform's documents (shared/api/entities.ts)
 *   evidence/<sha256> the evidence bytes, named by their own hash
 *
 * The hashes catch corruption, truncation and naive edits. They are not a signature: someone who
 * rewrites the content and recomputes every hash is not caught here (the platform's receipts and
 * snapshot hashes are what a reviewer compares against).
 *
 * This module is pure data (no Node APIs, no store) so it runs in a browser Web Worker as well.
 */
import { z } from 'zod';
import {
  commentDocSchema,
  evidenceDocSchema,
  projectDocSchema,
  submissionDocSchema,
  unitDocSchema,
} from '../api/entities.ts';
import { idSchema, isoTimeSchema, sha256Schema, valueSchema } from '../api/common.ts';
import { SUBMISSION_STATUSES } from '../db/records.ts';
import { MAX_EVIDENCE_BYTES } from '../db/repos/evidence.ts';
import { msg, type Message, type MessageParams } from '../i18n/message.ts';

export const PACKAGE_FORMAT = 'tianbao-submission-package';
export const PACKAGE_FORMAT_VERSION = 1;
/** File name extension the app offers when saving a package. */
export const PACKAGE_EXTENSION = '.tbpkg';

export const MANIFEST_PATH = 'manifest.json';
export const MANIFEST_HASH_PATH = 'manifest.sha256';
export const SUBMISSION_PATH = 'submission.json';
export const EVIDENCE_DIR = 'evidence/';

/**
 * Limits checked against the zip's central directory before anything is decompressed, so a zip
 * bomb is refused without inflating it. Each entry is then inflated with its declared size as a
 * hard cap, so a directory that understates a size cannot get past them either.
 */
export const LIMITS = {
  /** 600 indicators with a handful of files each fit many times over. */
  maxEntries: 20_000,
  totalBytes: 2 * 1024 ** 3,
  manifestBytes: 16 * 1024 ** 2,
  manifestHashBytes: 1024,
  submissionBytes: 128 * 1024 ** 2,
  evidenceBytes: MAX_EVIDENCE_BYTES,
  /** A hostile package could yield a million schema issues; the first ones say enough. */
  reportedErrors: 500,
} as const;

const EVIDENCE_PATH = /^evidence\/[0-9a-f]{64}$/;

export function evidencePath(sha256: string): string {
  return `${EVIDENCE_DIR}${sha256}`;
}

/** The entries a manifest may list: the content and evidence blobs, never itself. */
export function isListablePath(path: string): boolean {
  return path === SUBMISSION_PATH || EVIDENCE_PATH.test(path);
}

/* ------------------------------------------------------------------ manifest */

export const manifestFileSchema = z.strictObject({
  path: z.string().refine(isListablePath, { message: 'sync:package.schema.listedPath' }),
  size: z.int().min(0),
  sha256: sha256Schema,
});
export type ManifestFile = z.output<typeof manifestFileSchema>;

export const manifestSchema = z.strictObject({
  format: z.literal(PACKAGE_FORMAT),
  formatVersion: z.literal(PACKAGE_FORMAT_VERSION),
  createdAt: isoTimeSchema,
  appVersion: z.string().min(1).max(50).optional(),
  unit: z.strictObject({
    id: idSchema,
    name: z.string().max(200),
    uscc: z.string().max(18),
    regionCode: z.string().max(6),
  }),
  project: z.strictObject({
    id: idSchema,
    name: z.string().max(200),
    taskCode: z.string().max(50),
  }),
  submission: z.strictObject({
    id: idSchema,
    year: z.int().min(2000).max(2100),
    status: z.enum(SUBMISSION_STATUSES),
    snapshotSha256: sha256Schema.optional(),
  }),
  files: z.array(manifestFileSchema).max(LIMITS.maxEntries),
});
export type PackageManifest = z.output<typeof manifestSchema>;

/* ------------------------------------------------------------------ content */

const fieldCode = z.string().min(1).max(200);

/** shared/db/records.ts SubmissionDocument: the frozen content whose hash is the receipt. */
export const submissionDocumentSchema = z.strictObject({
  submissionId: idSchema,
  projectId: idSchema,
  year: z.int().min(2000).max(2100),
  values: z.record(fieldCode, valueSchema),
  evidence: z
    .array(z.strictObject({ target: fieldCode, sha256: sha256Schema, name: z.string().max(255) }))
    .max(LIMITS.maxEntries),
});

/** shared/db/records.ts SnapshotRecord. */
export const snapshotSchema = z.strictObject({
  id: idSchema,
  submissionId: idSchema,
  status: z.enum(SUBMISSION_STATUSES),
  at: isoTimeSchema,
  actor: z.string().max(100),
  reason: z.string().max(5000).optional(),
  sha256: sha256Schema,
  doc: submissionDocumentSchema,
});
export type PackageSnapshot = z.output<typeof snapshotSchema>;

/** Every record is `{ id, doc }`, the platform's entity form, so an import maps onto its mutations. */
function entity<T extends z.ZodType>(doc: T) {
  return z.strictObject({ id: idSchema, doc });
}

export const packageBodySchema = z.strictObject({
  unit: entity(unitDocSchema),
  project: entity(projectDocSchema),
  // A package always says where the submission stands; the platform's document leaves it optional.
  submission: entity(submissionDocSchema.extend({ status: z.enum(SUBMISSION_STATUSES) })),
  evidence: z.array(entity(evidenceDocSchema)).max(LIMITS.maxEntries),
  comments: z.array(entity(commentDocSchema)).max(LIMITS.maxEntries),
  snapshots: z.array(snapshotSchema).max(1000),
});
export type PackageBody = z.output<typeof packageBodySchema>;

/** What a package carries: the documents plus the evidence bytes by SHA-256. */
export interface PackageContent extends PackageBody {
  blobs: Record<string, Uint8Array>;
}

/* ------------------------------------------------------------------ errors */

export const PACKAGE_ERROR_CODES = [
  'notZip',
  'truncated',
  'tooManyEntries',
  'tooLarge',
  'entryTooLarge',
  'unsafePath',
  'duplicateEntry',
  'missingManifest',
  'missingManifestHash',
  'manifestHashInvalid',
  'manifestHash',
  'unknownFormat',
  'newerVersion',
  'missingEntry',
  'extraEntry',
  'sizeMismatch',
  'sizeExceeded',
  'hashMismatch',
  'corruptEntry',
  'invalidJson',
  'schema',
  'reference',
  'duplicateId',
  'manifestMismatch',
  'blobMissing',
  'blobName',
  'blobSize',
  'blobUnreferenced',
  'snapshotHash',
  'snapshotMissing',
  'snapshotMismatch',
  'tooManyErrors',
  'internal',
] as const;
export type PackageErrorCode = (typeof PACKAGE_ERROR_CODES)[number];

/**
 * One problem of a package: the entry it is in ('' for the file as a whole), the JSON field when
 * it is inside one (`unit.doc.contacts.0.phone`), and a translatable message. `detail` carries the
 * validation message of a schema problem, rendered after the message.
 */
export interface PackageError {
  code: PackageErrorCode;
  entry: string;
  field?: string;
  message: Message;
  detail?: Message;
}

export function packageError(
  code: PackageErrorCode,
  entry: string,
  params: MessageParams = {},
  extra: { field?: string; detail?: Message; key?: string } = {},
): PackageError {
  const error: PackageError = {
    code,
    entry,
    message: msg(extra.key ?? `sync:package.error.${code}`, {
      entry,
      ...(extra.field ? { field: extra.field } : {}),
      ...params,
    }),
  };
  if (extra.field) error.field = extra.field;
  if (extra.detail) error.detail = extra.detail;
  return error;
}

/** Bytes as MiB with one decimal, for size limits in messages. */
export function mib(bytes: number): string {
  return (bytes / 1024 ** 2).toFixed(1);
}

/** Hashes as people compare them on screen: the first 12 digits are plenty to tell two apart. */
export function shortHash(hex: string): string {
  return hex.length > 12 ? `${hex.slice(0, 12)}…` : hex;
}

/** Renders one error as a line in the translator's language. */
export function formatPackageError(error: PackageError, tr: { format(message: Message): string }): string {
  const text = tr.format(error.message);
  if (!error.detail) return text;
  return tr.format(msg('sync:package.withDetail', { text, detail: tr.format(error.detail) }));
}

/** The JSON form scripts get: stable code and location, the key and params, the rendered text. */
export function packageErrorJson(
  error: PackageError,
  tr: { format(message: Message): string },
): { code: string; entry: string; field?: string; key: string; params: MessageParams; message: string } {
  return {
    code: error.code,
    entry: error.entry,
    ...(error.field ? { field: error.field } : {}),
    key: error.message.key,
    params: error.message.params ?? {},
    message: formatPackageError(error, tr),
  };
}
