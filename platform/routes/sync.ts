/** Push a batch of mutations, pull changes since a cursor, read one record. */
import type { FastifyInstance } from 'fastify';
import { ROUTES } from '../../shared/api/paths.ts';
import {
  pullQuerySchema,
  pushRequestSchema,
  type EntityResponse,
  type PullResponse,
  type PushResponse,
} from '../../shared/api/sync.ts';
import { entityParamsSchema } from '../../shared/api/entities.ts';
import { canSeeUnit, unitScopeSql } from '../auth/principal.ts';
import { changesSince, getEntity, toChange, toState } from '../store/entities.ts';
import { getUnit } from '../store/units.ts';
import { renderOutcome } from '../sync/outcome.ts';
import { apiError } from '../http/errors.ts';
import { parseInput } from '../http/validate.ts';
import { principalOf } from '../http/request.ts';
import { requestTranslator } from '../http/i18n.ts';
import type { Services } from '../services.ts';

export function syncRoutes(app: FastifyInstance, s: Services): void {
  app.post(ROUTES.push, async (req): Promise<PushResponse> => {
    const p = principalOf(req);
    const { mutations } = parseInput(pushRequestSchema, req.body, 'body');
    const outcomes = await s.pushes.push(p, mutations, s.now(), req.log);
    const t = requestTranslator(req);
    return {
      results: outcomes.map((o, i) => ({ mutationId: mutations[i]!.mutationId, ...renderOutcome(o, t) })),
    };
  });

  app.get(ROUTES.changes, async (req): Promise<PullResponse> => {
    const p = principalOf(req);
    const { since, limit } = parseInput(pullQuerySchema, req.query, 'query');
    // One extra row tells whether there is more without a count query.
    const rows = await changesSince(s.db, since, limit + 1, unitScopeSql(p, 'e.unit_id', 3));
    const page = rows.slice(0, limit);
    return {
      changes: page.map(toChange),
      cursor: page.at(-1)?.seq ?? since,
      hasMore: rows.length > limit,
    };
  });

  app.get(ROUTES.entity, async (req): Promise<EntityResponse> => {
    const p = principalOf(req);
    const { entity, id } = parseInput(entityParamsSchema, req.params, 'params');
    const row = await getEntity(s.db, entity, id);
    if (!row) throw apiError(404, 'notFound');
    const unit = await getUnit(s.db, row.unitId);
    if (!unit || !canSeeUnit(p, unit)) throw apiError(403, 'forbidden');
    return { record: toState(row) };
  });
}
