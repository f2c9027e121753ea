import { Hono } from 'hono';
import { z } from 'zod';
import {
  CreateFindingRequestSchema,
  FindingActionSchema,
  ListAssertionsQuerySchema,
  ListDriftQuerySchema,
  ListFindingsQuerySchema,
  ListRunsQuerySchema,
  SubmitAssertionsRequestSchema,
  type Services,
} from '../../services/index.js';
import { parseJsonBody } from '../body.js';
import type { AppEnv } from '../env.js';
import { requireScope } from '../middleware/auth.js';

/** `at`: an ISO-8601 instant with an explicit zone (`Z` or an offset); absent: posture evaluated now. */
export const PostureQuerySchema = z.object({ at: z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString()).optional() });

/**
 * Per-model evidence for agents and admins: assertions, findings, posture, runs and drift. The
 * lists are paged by key (`limit`, `after` = the previous page's `next`). Mounted at /api/models/:modelId.
 */
export function evidenceRoutes(services: Services) {
  return new Hono<AppEnv>()
    .get('/assertions', async (c) => c.json(await services.assertions.list(c.var.workspaceId, c.req.param('modelId')!, ListAssertionsQuerySchema.parse(c.req.query()))))
    .post('/assertions', async (c) => {
      const request = await parseJsonBody(c, SubmitAssertionsRequestSchema);
      const results = await services.assertions.submit(c.var.workspaceId, c.req.param('modelId')!, request, c.var.principal.keyId);
      return c.json({ assertions: results }, 201);
    })
    // Withdrawing a claim could hide a failing one, so it is an admin's decision.
    .delete('/assertions/:assertionId', requireScope('admin'), async (c) => {
      await services.assertions.remove(c.var.workspaceId, c.req.param('modelId')!, c.req.param('assertionId'));
      return c.body(null, 204);
    })
    .get('/posture', async (c) => {
      const { at } = PostureQuerySchema.parse(c.req.query());
      const modelId = c.req.param('modelId')!;
      return c.json(at ? await services.assurance.postureAt(c.var.workspaceId, modelId, at) : await services.assurance.posture(c.var.workspaceId, modelId));
    })
    .get('/runs', async (c) => c.json(await services.runs.list(c.var.workspaceId, c.req.param('modelId')!, ListRunsQuerySchema.parse(c.req.query()))))
    .get('/drift', async (c) => c.json(await services.assuranceHistory.drift(c.var.workspaceId, c.req.param('modelId')!, ListDriftQuerySchema.parse(c.req.query()))))
    .get('/findings', async (c) => c.json(await services.findings.list(c.var.workspaceId, c.req.param('modelId')!, ListFindingsQuerySchema.parse(c.req.query()))))
    .post('/findings', async (c) => {
      const request = await parseJsonBody(c, CreateFindingRequestSchema);
      const source = c.var.principal.scopes.includes('agent') ? 'agent' : 'human';
      return c.json(await services.findings.create(c.var.workspaceId, c.req.param('modelId')!, request, source), 201);
    })
    .get('/findings/:findingId', async (c) => c.json(await services.findings.get(c.var.workspaceId, c.req.param('modelId')!, c.req.param('findingId'))))
    .post('/findings/:findingId/actions', async (c) => {
      const action = await parseJsonBody(c, FindingActionSchema);
      return c.json(await services.findings.act(c.var.workspaceId, c.req.param('modelId')!, c.req.param('findingId'), action, c.var.principal));
    });
}
