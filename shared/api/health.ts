import { z } from 'zod';

/** `GET /api/health`: no login needed; a client uses it to tell "platform reachable" from "online". */
export const healthResponseSchema = z.object({
  ok: z.literal(true),
  service: z.literal('tianbao-platform'),
  apiVersion: z.literal(1),
  time: z.string(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
