/** Built-in templates, distributed so every client fills in the same version. */
import type { FastifyInstance } from 'fastify';
import { ROUTES } from '../../shared/api/paths.ts';
import {
  templateParamsSchema,
  templateQuerySchema,
  type TemplateListResponse,
  type TemplateResponse,
} from '../../shared/api/templates.ts';
import { listBuiltinTemplates } from '../../shared/templates/index.ts';
import { apiError } from '../http/errors.ts';
import { parseInput } from '../http/validate.ts';

export function templateRoutes(app: FastifyInstance): void {
  app.get(ROUTES.templates, async (): Promise<TemplateListResponse> => ({
    templates: listBuiltinTemplates().map((t) => ({
      id: t.id,
      version: t.version,
      name: t.name,
      programme: t.programme,
      issuer: t.issuer,
      years: t.years,
    })),
  }));

  app.get(ROUTES.template, async (req): Promise<TemplateResponse> => {
    const { id } = parseInput(templateParamsSchema, req.params, 'params');
    const { version } = parseInput(templateQuerySchema, req.query, 'query');
    const template = listBuiltinTemplates().find((t) => t.id === id && (!version || t.version === version));
    if (!template) throw apiError(404, 'templateNotFound', { id, version: version ?? '' });
    return { template };
  });
}
