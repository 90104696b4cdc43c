/** Status changes of submissions and their history. */
import type { FastifyInstance } from 'fastify';
import { ROUTES } from '../../shared/api/paths.ts';
import {
  transitionParamsSchema,
  transitionRequestSchema,
  type EventsResponse,
  type TransitionResponse,
} from '../../shared/api/submissions.ts';
import { changeStatus, visibleSubmission } from '../submissions/transition.ts';
import { eventsOf } from '../store/events.ts';
import { parseInput } from '../http/validate.ts';
import { principalOf } from '../http/request.ts';
import type { Services } from '../services.ts';

export function submissionRoutes(app: FastifyInstance, s: Services): void {
  app.post(ROUTES.transitions, async (req): Promise<TransitionResponse> => {
    const { id } = parseInput(transitionParamsSchema, req.params, 'params');
    const body = parseInput(transitionRequestSchema, req.body, 'body');
    return changeStatus(s.db, principalOf(req), id, body, s.now());
  });

  app.get(ROUTES.events, async (req): Promise<EventsResponse> => {
    const { id } = parseInput(transitionParamsSchema, req.params, 'params');
    await visibleSubmission(s.db, principalOf(req), id);
    return { events: await eventsOf(s.db, id) };
  });
}
