/**
 * Submission status changes (submit, return, resubmit, accept), enforced on the platform by role
 * and state through the shared status machine, each recorded with who, when and why.
 */
import { z } from 'zod';
import { SUBMISSION_STATUSES } from '../db/records.ts';
import { idSchema, isoTimeSchema, roleSchema, sha256Schema } from './common.ts';
import { entityStateSchema } from './entities.ts';

export const SUBMISSION_ACTIONS = ['submit', 'return', 'resubmit', 'accept'] as const;
export const submissionActionSchema = z.enum(SUBMISSION_ACTIONS);

export const transitionParamsSchema = z.strictObject({ id: idSchema });

export const transitionRequestSchema = z.strictObject({
  action: submissionActionSchema,
  /** Why; required to return a submission (the unit must know what to fix). */
  reason: z.string().trim().max(2000).optional(),
  /**
   * The revision the caller has seen. When given and stale the change is refused (409), so a unit
   * never submits content it has not seen and the receipt's hash matches what it holds.
   */
  baseRev: z.int().min(1).optional(),
  /** Makes a retried request safe: the same requestId answers with the first result. */
  requestId: z.uuid().optional(),
});
export type TransitionRequest = z.infer<typeof transitionRequestSchema>;

/**
 * What the unit keeps as proof of submission: the platform's revision, the time, and the SHA-256 of
 * the RFC 8785 canonical submission document (shared/db/repos/submissions.ts hashDocument), which
 * the client can recompute from its own copy.
 */
export const receiptSchema = z.object({
  submissionId: idSchema,
  status: z.enum(SUBMISSION_STATUSES),
  rev: z.int().min(1),
  at: isoTimeSchema,
  sha256: sha256Schema,
  actor: z.string(),
});
export type Receipt = z.infer<typeof receiptSchema>;

/**
 * What a status event records: a status change asked for by a user, or `import` when a
 * submission package (a unit's offline copy) was imported on the platform.
 */
export const SUBMISSION_EVENT_ACTIONS = [...SUBMISSION_ACTIONS, 'import'] as const;

export const submissionEventSchema = z.object({
  action: z.enum(SUBMISSION_EVENT_ACTIONS),
  from: z.enum(SUBMISSION_STATUSES),
  to: z.enum(SUBMISSION_STATUSES),
  rev: z.int().min(1),
  at: isoTimeSchema,
  actorId: z.string(),
  actorName: z.string(),
  role: roleSchema,
  reason: z.string().nullable(),
  sha256: sha256Schema.nullable(),
  /** For `import`: the imported package's manifest hash. */
  packageSha256: sha256Schema.optional(),
});
export type SubmissionEvent = z.infer<typeof submissionEventSchema>;

export const transitionResponseSchema = z.object({
  record: entityStateSchema,
  event: submissionEventSchema,
  /** Present for submit and resubmit. */
  receipt: receiptSchema.optional(),
});
export type TransitionResponse = z.infer<typeof transitionResponseSchema>;

export const eventsResponseSchema = z.object({ events: z.array(submissionEventSchema) });
export type EventsResponse = z.infer<typeof eventsResponseSchema>;
