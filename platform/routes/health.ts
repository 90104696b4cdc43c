import type { FastifyInstance } from 'fastify';
import { ROUTES } from '../../shared/api/paths.ts';
import type { HealthResponse } from '../../shared/api/health.ts';
import type { Services } from '../services.ts';

export function healthRoutes(app: FastifyInstance, s: Services): void {
  app.get(ROUTES.health, { config: { auth: false } }, async (): Promise<HealthResponse> => ({
    ok: true,
    service: 'tianbao-platform',
    apiVersion: 1,
    time: s.now(),
  }));
}
