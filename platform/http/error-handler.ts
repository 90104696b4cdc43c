/**
 * One error format for every route: `{error: {code, message, key, params?, issues?, details?}}`
 * with the message in the caller's language. Unexpected errors are logged and answered with a
 * generic message, never with internals.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError as ApiErrorBody } from '../../shared/api/common.ts';
import { MAX_CHUNK_BYTES } from '../../shared/api/blobs.ts';
import { MAX_PACKAGE_BYTES } from '../../shared/api/packages.ts';
import { ROUTES } from '../../shared/api/paths.ts';
import { ApiError, apiError } from './errors.ts';
import { requestTranslator } from './i18n.ts';

export const JSON_BODY_LIMIT = 5 * 1024 * 1024;
const MB = 1024 * 1024;

function fromFastify(error: FastifyError, req: FastifyRequest): ApiError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      if (req.routeOptions.url === ROUTES.upload)
        return apiError(413, 'chunkTooLarge', { maxMb: MAX_CHUNK_BYTES / MB });
      if (req.routeOptions.url === ROUTES.packages)
        return apiError(413, 'packageTooLarge', { maxMb: MAX_PACKAGE_BYTES / MB });
      return apiError(413, 'bodyTooLarge', { maxMb: JSON_BODY_LIMIT / MB });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return apiError(415, 'mediaType');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return apiError(400, 'invalidJson');
  }
  if (error instanceof SyntaxError) return apiError(400, 'invalidJson');
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return apiError(status, 'badRequest');
  return undefined;
}

export function errorBody(error: ApiError, req: FastifyRequest): ApiErrorBody {
  const t = requestTranslator(req);
  const issues = error.extra.issues?.map((i) => ({ path: i.path, message: t.format(i.message) }));
  const params = { ...error.userMessage.params, ...(issues?.[0] ? { detail: issues[0].message } : {}) };
  return {
    error: {
      code: error.code,
      message: t.format({ key: error.userMessage.key, params }),
      key: error.userMessage.key,
      ...(error.userMessage.params ? { params: error.userMessage.params } : {}),
      ...(issues ? { issues } : {}),
      ...(error.extra.details ? { details: error.extra.details } : {}),
    },
  };
}

export function handleError(error: FastifyError | ApiError, req: FastifyRequest, reply: FastifyReply): void {
  let api = error instanceof ApiError ? error : fromFastify(error, req);
  if (!api) {
    req.log.error({ err: error }, 'request failed');
    api = apiError(500, 'internal');
  }
  void reply.code(api.statusCode).send(errorBody(api, req));
}
