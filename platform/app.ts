/**
 * buildPlatform: the standalone platform server (Fastify) around the API plugin, with request
 * logging that never writes passwords or tokens.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { platformPlugin, type PlatformOptions } from './plugin.ts';
import { apiError } from './http/errors.ts';
import { errorBody, handleError, JSON_BODY_LIMIT } from './http/error-handler.ts';

/** Anything that might carry a secret, wherever a log line could pick it up. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'password',
  'accessToken',
  'refreshToken',
  '*.password',
  '*.accessToken',
  '*.refreshToken',
  'body.password',
  'body.refreshToken',
];

export interface BuildOptions extends PlatformOptions {
  /** false (default) for no request log; or where to write JSON log lines. */
  logger?: false | { level?: string; stream?: NodeJS.WritableStream };
  /** Behind a reverse proxy, trust X-Forwarded-For for the client address (rate limits). */
  trustProxy?: boolean;
}

export async function buildPlatform(options: BuildOptions): Promise<FastifyInstance> {
  const { logger, trustProxy, ...platform } = options;
  const app = Fastify({
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: trustProxy ?? false,
    logger: logger
      ? {
          level: logger.level ?? 'info',
          redact: { paths: REDACT_PATHS, censor: '[redacted]' },
          ...(logger.stream ? { stream: logger.stream } : {}),
        }
      : false,
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send(errorBody(apiError(404, 'routeNotFound'), req));
  });
  await app.register(platformPlugin, platform);
  return app;
}
