/**
 * Push and pull. A client appends every local change to an outbox as a mutation and pushes
 * batches; each mutation is applied at most once (its id is the idempotency key) and answered on
 * its own. Pull returns what changed since a cursor, the latest revision of each record only.
 */
import { z } from 'zod';
import { idSchema } from './common.ts';
import { entityNameSchema, entityStateSchema } from './entities.ts';

/** Mutations per push; a longer outbox goes in several batches. */
export const MAX_PUSH_MUTATIONS = 500;
export const DEFAULT_PULL_LIMIT = 500;
export const MAX_PULL_LIMIT = 1000;

export const mutationSchema = z.strictObject({
  /** A UUID the client makes once per change and sends unchanged on every retry. */
  mutationId: z.uuid(),
  entity: entityNameSchema,
  id: idSchema,
  /** The revision the change was made on; 0 creates the record. */
  baseRev: z.int().min(0),
  /** The whole new document (the platform checks it against the entity's schema); null deletes. */
  doc: z.record(z.string(), z.unknown()).nullable(),
});
export type Mutation = z.infer<typeof mutationSchema>;

export const pushRequestSchema = z.strictObject({
  mutations: z.array(mutationSchema).min(1).max(MAX_PUSH_MUTATIONS),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const appliedResultSchema = z.object({ status: z.literal('applied'), rev: z.int().min(1) });
export type AppliedResult = z.infer<typeof appliedResultSchema>;

export const REJECT_CODES = [
  'invalidDoc',
  'forbidden',
  'forbiddenRole',
  'notFound',
  'deleted',
  'parentMissing',
  'locked',
  'immutableField',
  'blobMissing',
  'submissionExists',
  'regionOutOfScope',
  'commentReadOnly',
  'mutationIdReused',
  'internal',
] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

export const mutationResultSchema = z.discriminatedUnion('status', [
  appliedResultSchema,
  /** Applied before (a retry): the original answer, nothing written again. */
  z.object({ status: z.literal('duplicate'), result: appliedResultSchema }),
  /**
   * baseRev is not the server's revision: merge against serverDoc and push a new mutation with
   * baseRev = serverRev. serverDoc is null when the record was deleted.
   */
  z.object({
    status: z.literal('conflict'),
    serverRev: z.int().min(0),
    serverDoc: z.record(z.string(), z.unknown()).nullable(),
    serverDeleted: z.boolean(),
  }),
  /**
   * Refused; nothing was written. `retryable` is true when the same mutation may succeed later
   * (its parent or blob has not arrived yet); otherwise the change needs the user.
   */
  z.object({
    status: z.literal('rejected'),
    code: z.enum(REJECT_CODES),
    reason: z.string(),
    retryable: z.boolean(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
]);
export type MutationResult = z.infer<typeof mutationResultSchema>;

export const pushResponseSchema = z.object({
  results: z.array(z.intersection(z.object({ mutationId: z.uuid() }), mutationResultSchema)),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** A cursor is the platform's change sequence as decimal text; "0" means from the beginning. */
export const cursorSchema = z.string().regex(/^(0|[1-9]\d{0,17})$/);

export const pullQuerySchema = z.strictObject({
  since: cursorSchema.default('0'),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
});
export type PullQuery = z.infer<typeof pullQuerySchema>;

export const changeSchema = entityStateSchema.extend({ seq: cursorSchema });
export type Change = z.infer<typeof changeSchema>;

export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  /** Pass as `since` next time; unchanged when nothing was new. */
  cursor: cursorSchema,
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

export const entityResponseSchema = z.object({ record: entityStateSchema });
export type EntityResponse = z.infer<typeof entityResponseSchema>;
