/**
 * Blobs (evidence files) by SHA-256, uploaded in chunks and resumable:
 *
 *   POST  /blobs/:sha256/upload {size}     start, or find the upload already under way
 *   GET   /blobs/:sha256/upload            how many bytes the platform holds so far
 *   PATCH /blobs/:sha256/upload?offset=N   append one chunk at exactly that offset
 *   POST  /blobs/:sha256/complete          hash checked: accepted, or refused and discarded
 *   GET   /blobs/:sha256                   download (only blobs the caller may see)
 *
 * A connection cut mid-chunk loses only that chunk: ask for the status and go on from there.
 */
import { z } from 'zod';
import { MAX_EVIDENCE_BYTES } from '../db/repos/evidence.ts';
import { sha256Schema } from './common.ts';

/** One blob at most: the same 50 MiB the app allows for one piece of evidence. */
export const MAX_BLOB_BYTES = MAX_EVIDENCE_BYTES;
/** One chunk at most; a client sends 1–4 MiB chunks so a cut costs little. */
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;
export const CHUNK_CONTENT_TYPE = 'application/octet-stream';

export const blobParamsSchema = z.strictObject({ sha256: sha256Schema });

export const uploadStartRequestSchema = z.strictObject({ size: z.int().min(0) });
export type UploadStartRequest = z.infer<typeof uploadStartRequestSchema>;

export const chunkQuerySchema = z.strictObject({
  offset: z.coerce.number().int().min(0).max(MAX_BLOB_BYTES),
});

export const uploadStateSchema = z.object({
  sha256: sha256Schema,
  size: z.int().min(0),
  /** Bytes the platform holds; the next chunk goes at this offset. */
  received: z.int().min(0),
  /** True once the blob is stored and verified (also when this caller had uploaded it before). */
  complete: z.boolean(),
});
export type UploadState = z.infer<typeof uploadStateSchema>;

export const blobCompleteResponseSchema = z.object({
  sha256: sha256Schema,
  size: z.int().min(0),
  complete: z.literal(true),
});
export type BlobCompleteResponse = z.infer<typeof blobCompleteResponseSchema>;
