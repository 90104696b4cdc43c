/**
 * The platform API as a Fastify plugin: mounted by the standalone platform (app.ts) and by the
 * `npm run web` server on the same origin as the renderer. Everything it needs is registered in
 * its own encapsulated context (auth, rate limits, body limits, the chunk parser, error format),
 * so the host server's settings neither weaken nor break it.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { CHUNK_CONTENT_TYPE, MAX_CHUNK_BYTES } from '../shared/api/blobs.ts';
import { msg } from '../shared/i18n/message.ts';
import { ApiError } from './http/errors.ts';
import { handleError, JSON_BODY_LIMIT } from './http/error-handler.ts';
import { bearerToken } from './http/request.ts';
import { createServices, type PlatformOptions } from './services.ts';
import { healthRoutes } from './routes/health.ts';
import { authRoutes } from './routes/auth.ts';
import { templateRoutes } from './routes/templates.ts';
import { syncRoutes } from './routes/sync.ts';
import { blobRoutes } from './routes/blobs.ts';
import { submissionRoutes } from './routes/submissions.ts';
import { packageRoutes } from './routes/packages.ts';

export type { PlatformOptions };

export const platformPlugin: FastifyPluginAsync<PlatformOptions> = async (app: FastifyInstance, opts) => {
  const s = createServices(opts);

  app.decorateRequest('principal', null);
  app.setErrorHandler(handleError);
  // Every route gets the JSON limit unless it sets its own (the chunk and package routes).
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= JSON_BODY_LIMIT;
  });
  app.addContentTypeParser(
    CHUNK_CONTENT_TYPE,
    { parseAs: 'buffer', bodyLimit: MAX_CHUNK_BYTES },
    (_req, body, done) => done(null, body),
  );
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new ApiError(429, 'rateLimited', msg('api:error.rateLimited', { seconds: Math.ceil(ctx.ttl / 1000) })),
  });

  // Answers carry tokens and unit data: never cached by a browser or proxy unless a route says so
  // (blobs are immutable and may be), never sniffed into something executable.
  app.addHook('onSend', async (_req, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('Cache-Control', 'no-store');
    reply.header('X-Content-Type-Options', 'nosniff');
  });

  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config.auth === false) return;
    const token = bearerToken(req);
    if (!token) throw new ApiError(401, 'unauthorized', msg('api:error.unauthorized'));
    req.principal = await s.tokens.verify(token);
  });

  healthRoutes(app, s);
  authRoutes(app, s);
  templateRoutes(app);
  syncRoutes(app, s);
  blobRoutes(app, s);
  submissionRoutes(app, s);
  packageRoutes(app, s);
};
