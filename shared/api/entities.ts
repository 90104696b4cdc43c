/**
 * The synced records ("entities") and the document each carries. A document is a plain JSON
 * object so a client can merge a conflict field by field against the server's copy.
 *
 * The unit is the unit profile; a project belongs to a unit; a submission to a project; evidence
 * and comments to a submission. The platform finds the owning unit through that chain and
 * decides from it who may read and write.
 */
import { z } from 'zod';
import { unitProfileSchema } from '../domain/unit.ts';
import { PROJECT_LEVELS } from '../domain/template.ts';
import { MEMBER_ROLES, SUBMISSION_STATUSES } from '../db/records.ts';
import { MAX_EVIDENCE_BYTES } from '../db/repos/evidence.ts';
import { idSchema, isoTimeSchema, sha256Schema, valueSchema } from './common.ts';

export const ENTITIES = ['unit', 'project', 'submission', 'evidence', 'comment', 'review'] as const;
export type EntityName = (typeof ENTITIES)[number];
export const entityNameSchema = z.enum(ENTITIES);

/** Indicator codes and namespaced fields (`fund:…`, `report:…`, `score:…`). */
const fieldCode = z.string().min(1).max(200);
const text = (max: number) => z.string().max(max);

export const unitDocSchema = unitProfileSchema.extend({ updatedAt: isoTimeSchema.optional() });
export type UnitDoc = z.output<typeof unitDocSchema>;

export const projectDocSchema = z.strictObject({
  unitId: idSchema,
  templateId: z.string().min(1).max(100),
  templateVersion: z.string().min(1).max(50),
  taskCode: z.string().min(1).max(50),
  level: z.enum(PROJECT_LEVELS),
  subType: text(100).optional(),
  name: z.string().trim().min(1).max(200),
  members: z
    .array(
      z.strictObject({
        name: z.string().trim().min(1).max(200),
        role: z.enum(MEMBER_ROLES),
        uscc: text(18).optional(),
      }),
    )
    .max(500),
  /** 建设方案 targets: year → indicator code → target. */
  targets: z.record(z.string().regex(/^\d{4}$/), z.record(fieldCode, valueSchema)),
  createdAt: isoTimeSchema.optional(),
  updatedAt: isoTimeSchema.optional(),
});
export type ProjectDoc = z.output<typeof projectDocSchema>;

/**
 * Fields of a submission the platform alone sets, through status changes. Whatever a client
 * sends for them is replaced by the platform's values, so an old status in a merged document
 * can never move the status machine.
 */
export const SERVER_MANAGED_SUBMISSION_FIELDS = ['status', 'snapshotSha256', 'submittedAt'] as const;

export const submissionDocSchema = z.strictObject({
  projectId: idSchema,
  year: z.int().min(2000).max(2100),
  /** Indicator code or namespaced field → accepted value. */
  values: z.record(fieldCode, valueSchema),
  /** What was typed where it could not be accepted; kept so nothing typed is lost. */
  raw: z.record(fieldCode, text(20_000)).optional(),
  status: z.enum(SUBMISSION_STATUSES).optional(),
  snapshotSha256: sha256Schema.optional(),
  submittedAt: isoTimeSchema.optional(),
  createdAt: isoTimeSchema.optional(),
  updatedAt: isoTimeSchema.optional(),
});
export type SubmissionDoc = z.output<typeof submissionDocSchema>;

export const evidenceDocSchema = z.strictObject({
  submissionId: idSchema,
  /** Indicator code or `report:<section>`. */
  target: fieldCode,
  /** The blob, which must have been uploaded (and verified) first. */
  sha256: sha256Schema,
  name: z.string().trim().min(1).max(255),
  mimeType: z.string().min(1).max(127),
  size: z.int().min(0).max(MAX_EVIDENCE_BYTES),
  addedAt: isoTimeSchema.optional(),
});
export type EvidenceDoc = z.output<typeof evidenceDocSchema>;

/** A reviewer's comment on a field; the platform sets `author` and `at` when it is created. */
export const commentDocSchema = z.strictObject({
  submissionId: idSchema,
  field: fieldCode,
  text: z.string().trim().min(1).max(5000),
  resolved: z.boolean(),
  author: text(100).optional(),
  at: isoTimeSchema.optional(),
});
export type CommentDoc = z.output<typeof commentDocSchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * A reviewer's scores of a submission at one stage (省评 by the province, 复核 by the ministry).
 * The platform sets `reviewer` from who wrote it last.
 */
export const reviewDocSchema = z.strictObject({
  submissionId: idSchema,
  stage: z.string().min(1).max(50),
  combination: z.string().min(1).max(50),
  scores: z.record(fieldCode, z.number().finite().min(0).max(1000).nullable()),
  gradedOn: isoDate.nullable().optional(),
  rectification: z
    .array(
      z.strictObject({
        id: idSchema,
        text: z.string().trim().min(1).max(2000),
        dueOn: isoDate.nullable().optional(),
        doneOn: isoDate.nullable().optional(),
        field: fieldCode.optional(),
      }),
    )
    .max(200),
  reviewer: text(100),
  updatedAt: isoTimeSchema,
});
export type ReviewDoc = z.output<typeof reviewDocSchema>;

export const ENTITY_DOC_SCHEMAS = {
  unit: unitDocSchema,
  project: projectDocSchema,
  submission: submissionDocSchema,
  evidence: evidenceDocSchema,
  comment: commentDocSchema,
  review: reviewDocSchema,
} as const satisfies Record<EntityName, z.ZodType>;

export interface EntityDocs {
  unit: UnitDoc;
  project: ProjectDoc;
  submission: SubmissionDoc;
  evidence: EvidenceDoc;
  comment: CommentDoc;
  review: ReviewDoc;
}

/** A record as the platform holds it: its current revision and document (null once deleted). */
export const entityStateSchema = z.object({
  entity: entityNameSchema,
  id: idSchema,
  rev: z.int().min(1),
  deleted: z.boolean(),
  doc: z.record(z.string(), z.unknown()).nullable(),
  unitId: idSchema,
  updatedAt: isoTimeSchema,
  updatedBy: z.string(),
});
export type EntityState = z.infer<typeof entityStateSchema>;

export const entityParamsSchema = z.strictObject({ entity: entityNameSchema, id: idSchema });
