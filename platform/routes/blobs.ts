/** Chunked, resumable blob upload and download (see shared/api/blobs.ts for the protocol). */
import type { FastifyInstance } from 'fastify';
import { createReadStream } from 'node:fs';
import { ROUTES } from '../../shared/api/paths.ts';
import {
  MAX_CHUNK_BYTES,
  blobParamsSchema,
  chunkQuerySchema,
  uploadStartRequestSchema,
  type BlobCompleteResponse,
  type UploadState,
} from '../../shared/api/blobs.ts';
import { apiError } from '../http/errors.ts';
import { parseInput } from '../http/validate.ts';
import { principalOf } from '../http/request.ts';
import type { Services } from '../services.ts';

export function blobRoutes(app: FastifyInstance, s: Services): void {
  app.post(ROUTES.upload, async (req): Promise<UploadState> => {
    const { sha256 } = parseInput(blobParamsSchema, req.params, 'params');
    const { size } = parseInput(uploadStartRequestSchema, req.body, 'body');
    return s.blobs.start(principalOf(req), sha256, size, s.now());
  });

  app.get(ROUTES.upload, async (req): Promise<UploadState> => {
    const { sha256 } = parseInput(blobParamsSchema, req.params, 'params');
    return s.blobs.status(principalOf(req), sha256);
  });

  app.patch(ROUTES.upload, { bodyLimit: MAX_CHUNK_BYTES }, async (req): Promise<UploadState> => {
    const { sha256 } = parseInput(blobParamsSchema, req.params, 'params');
    const { offset } = parseInput(chunkQuerySchema, req.query, 'query');
    if (!Buffer.isBuffer(req.body)) throw apiError(415, 'mediaType');
    return s.blobs.append(principalOf(req), sha256, offset, req.body);
  });

  app.post(ROUTES.uploadComplete, async (req): Promise<BlobCompleteResponse> => {
    const { sha256 } = parseInput(blobParamsSchema, req.params, 'params');
    const done = await s.blobs.complete(principalOf(req), sha256, s.now());
    return { ...done, complete: true };
  });

  app.get(ROUTES.blob, async (req, reply) => {
    const { sha256 } = parseInput(blobParamsSchema, req.params, 'params');
    const { file, size } = await s.blobs.download(principalOf(req), sha256);
    // Always a download, never rendered: an uploaded HTML or SVG file must not run as this origin.
    return reply
      .header('Content-Type', 'application/octet-stream')
      .header('Content-Length', String(size))
      .header('Content-Disposition', `attachment; filename="${sha256}"`)
      .header('Cache-Control', 'private, max-age=31536000, immutable')
      .send(createReadStream(file));
  });
}
