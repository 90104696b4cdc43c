/** Templates the platform distributes to clients. The full body is the shared template model. */
import { z } from 'zod';
import { templateSchema } from '../domain/template.ts';

export const templateSummarySchema = z.object({
  id: z.string(),
  version: z.string(),
  name: z.string(),
  programme: z.string(),
  issuer: z.string(),
  years: z.array(z.number().int()),
});
export type TemplateSummary = z.infer<typeof templateSummarySchema>;

export const templateListResponseSchema = z.object({ templates: z.array(templateSummarySchema) });
export type TemplateListResponse = z.infer<typeof templateListResponseSchema>;

export const templateQuerySchema = z.strictObject({ version: z.string().max(50).optional() });
export const templateParamsSchema = z.strictObject({ id: z.string().min(1).max(100) });

export const templateResponseSchema = z.object({ template: templateSchema });
export type TemplateResponse = z.infer<typeof templateResponseSchema>;
