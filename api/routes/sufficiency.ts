import { Hono, type Context } from 'hono';
import { SufficiencyDecisionRequestSchema, type Services } from '../../services/index.js';
import type { SufficiencyDecisionKind } from '../../domain/schemas/sufficiency.js';
import { parseJsonBody } from '../body.js';
import type { AppEnv } from '../env.js';
import { requireScope } from '../middleware/auth.js';

/**
 * A control's sufficiency: read by agents and admins; approving or rejecting its assertion set
 * decides what counts as mitigated, so only an admin may (never the agent that made the claims).
 * Mounted at /api/models/:modelId/controls/:controlId/sufficiency.
 */
export function sufficiencyRoutes(services: Services) {
  const ids = (c: Context<AppEnv>) => ({ modelId: c.req.param('modelId')!, controlId: c.req.param('controlId')! });
  const decide = (decision: SufficiencyDecisionKind) => async (c: Context<AppEnv>) => {
    const { modelId, controlId } = ids(c);
    const request = await parseJsonBody(c, SufficiencyDecisionRequestSchema);
    return c.json(await services.sufficiency.decide(c.var.principal, modelId, controlId, decision, request), 201);
  };
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const { modelId, controlId } = ids(c);
      return c.json(await services.sufficiency.show(c.var.workspaceId, modelId, controlId));
    })
    .post('/approve', requireScope('admin'), decide('approved'))
    .post('/reject', requireScope('admin'), decide('rejected'));
}
