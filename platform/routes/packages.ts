/** Submission packages (.tbpkg) imported on the platform: see platform/packages/import.ts. */
import type { FastifyInstance } from 'fastify';
import { ROUTES } from '../../shared/api/paths.ts';
import {
  MAX_PACKAGE_BYTES,
  packageImportQuerySchema,
  type PackageImportResponse,
} from '../../shared/api/packages.ts';
import { importPackage } from '../packages/import.ts';
import { apiError } from '../http/errors.ts';
import { parseInput } from '../http/validate.ts';
import { principalOf } from '../http/request.ts';
import { requestTranslator } from '../http/i18n.ts';
import type { Services } from '../services.ts';

export function packageRoutes(app: FastifyInstance, s: Services): void {
  app.post(ROUTES.packages, { bodyLimit: MAX_PACKAGE_BYTES }, async (req): Promise<PackageImportResponse> => {
    const p = principalOf(req);
    const { replace } = parseInput(packageImportQuerySchema, req.query, 'query');
    // The file itself, as application/octet-stream; a JSON body is not a package.
    if (req.body !== undefined && !Buffer.isBuffer(req.body)) throw apiError(415, 'mediaType');
    const body = req.body as Buffer | undefined;
    if (!body || body.byteLength === 0) throw apiError(400, 'packageEmpty');
    return importPackage(
      { db: s.db, files: s.blobs.files },
      p,
      new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
      { replace, now: s.now(), translator: requestTranslator(req) },
    );
  });
}
