import { Hono } from 'hono';
import type { Services } from '../../services/index.js';
import { ListProposalsQuerySchema, RejectProposalRequestSchema } from '../../services/model-proposals.js';
import { parseJsonBody } from '../body.js';
import type { AppEnv } from '../env.js';
import { requireScope } from '../middleware/auth.js';

/** Refinements proposed by agent keys: anyone of the workspace reads them, an admin decides. Mounted at /api/models/:modelId/proposals. */
export function proposalRoutes(services: Services) {
  const proposals = services.proposals;
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const { status } = ListProposalsQuerySchema.parse(c.req.query());
      return c.json({ proposals: await proposals.list(c.var.workspaceId, c.req.param('modelId')!, status) });
    })
    .get('/:proposalId', async (c) => c.json(await proposals.get(c.var.workspaceId, c.req.param('modelId')!, c.req.param('proposalId'))))
    .post('/:proposalId/approve', requireScope('admin'), async (c) =>
      c.json(await proposals.approve(c.var.workspaceId, c.req.param('modelId')!, c.req.param('proposalId'), c.var.principal)),
    )
    .post('/:proposalId/reject', requireScope('admin'), async (c) => {
      const request = await parseJsonBody(c, RejectProposalRequestSchema);
      return c.json(await proposals.reject(c.var.workspaceId, c.req.param('modelId')!, c.req.param('proposalId'), c.var.principal, request));
    });
}
