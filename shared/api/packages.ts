/**
 * Importing a submission package (提交包, shared/package) on the platform, for a unit that had no
 * network:
 *
 *   POST /api/v1/packages[?replace=1]   body: the .tbpkg file as application/octet-stream
 *
 * The package is verified first (422 with every located problem when it is tampered with or
 * truncated), then written in one transaction as new revisions of its records, which units and
 * provinces then pull as usual. A record the platform holds with other content is a conflict:
 * 409 with the conflicting fields and nothing written, unless a province or ministry reviewer asks
 * to replace. Importing the same package again writes nothing.
 */
import { z } from 'zod';
import { idSchema, sha256Schema } from './common.ts';
import { entityNameSchema } from './entities.ts';
import { submissionEventSchema } from './submissions.ts';

/**
 * The largest package accepted in one request: one evidence file at its 50 MiB limit with the
 * rest of a year's submission around it. A package with more large files than that is refused
 * with 413 (sync those online, or split the evidence).
 */
export const MAX_PACKAGE_BYTES = 60 * 1024 * 1024;
export const PACKAGE_CONTENT_TYPE = 'application/octet-stream';

export const packageImportQuerySchema = z.strictObject({
  /** 1: overwrite what the platform holds differently (province and ministry users only). */
  replace: z
    .enum(['0', '1'])
    .optional()
    .transform((v) => v === '1'),
});
export type PackageImportQuery = z.output<typeof packageImportQuerySchema>;

export const IMPORT_CHANGES = ['created', 'updated', 'deleted', 'unchanged', 'skipped'] as const;
export type ImportChange = (typeof IMPORT_CHANGES)[number];

/** What happened to one record of the package (or, for `deleted`, one the package dropped). */
export const importedRecordSchema = z.object({
  entity: entityNameSchema,
  id: idSchema,
  /** The platform's revision after the import (0 for a record skipped and not on the platform). */
  rev: z.int().min(0),
  change: z.enum(IMPORT_CHANGES),
});
export type ImportedRecord = z.infer<typeof importedRecordSchema>;

export const packageImportResponseSchema = z.object({
  /** created: the submission was new here; updated: something was written; unchanged: nothing was. */
  outcome: z.enum(['created', 'updated', 'unchanged']),
  submissionId: idSchema,
  /** The package's identity (the hash in its manifest.sha256). */
  manifestSha256: sha256Schema,
  replaced: z.boolean(),
  records: z.array(importedRecordSchema),
  /** Evidence files: stored by this import, or already held by the platform. */
  blobs: z.object({ stored: z.int().min(0), present: z.int().min(0) }),
  /** The status event recorded for a locked (submitted) submission that was written. */
  event: submissionEventSchema.optional(),
});
export type PackageImportResponse = z.infer<typeof packageImportResponseSchema>;

/** One difference between the platform and the package (409 `details.conflicts`). */
export const packageConflictSchema = z.object({
  entity: entityNameSchema,
  id: idSchema,
  /** The document field (`name`, `status`), an indicator code for values, `*` for the record. */
  field: z.string(),
  platform: z.unknown(),
  package: z.unknown(),
  /** False when replacing would be wrong as well (another unit's record, a second submission …). */
  replaceable: z.boolean(),
  message: z.string(),
});
export type PackageConflict = z.infer<typeof packageConflictSchema>;

export const packageConflictDetailsSchema = z.object({
  conflicts: z.array(packageConflictSchema),
  /** True when `?replace=1` by a province or ministry user would import the package. */
  replaceable: z.boolean(),
});

/** One located problem of a refused package (422 `details.errors`), as `tianbao package verify --json`. */
export const packageProblemSchema = z.object({
  code: z.string(),
  entry: z.string(),
  field: z.string().optional(),
  key: z.string(),
  params: z.record(z.string(), z.unknown()),
  message: z.string(),
});
export const packageInvalidDetailsSchema = z.object({ errors: z.array(packageProblemSchema) });
