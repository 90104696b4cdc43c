/**
 * Building blocks shared by every API schema: ids, hashes, times, the error body. The platform
 * validates with these and the client parses answers with the same ones, so both sides agree on
 * one definition.
 */
import { z } from 'zod';

/** Ids of synced records: UUIDs from the client, or readable ids the platform seeds. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const idSchema = z.string().regex(ID_PATTERN);

/** Lowercase hex SHA-256, the name of every blob and the receipt hash. */
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

export const isoTimeSchema = z.iso.datetime({ offset: true });

export const ROLES = ['unit', 'province', 'ministry'] as const;
export const roleSchema = z.enum(ROLES);

/** An indicator value as the expression language knows it (shared/domain/expr Value). */
export const valueSchema = z.union([z.number().finite(), z.string().max(20_000), z.boolean(), z.null()]);

/** One problem of a rejected request, located by its path in the input (`mutations[0].baseRev`). */
export const apiIssueSchema = z.object({ path: z.string(), message: z.string() });
export type ApiIssue = z.infer<typeof apiIssueSchema>;

/**
 * Every error answer. `message` is already in the caller's language (zh-CN unless the request
 * says Accept-Language: en); `key` and `params` let a client render it in another language.
 */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    key: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    issues: z.array(apiIssueSchema).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
