import { Hono } from 'hono';
import { AssertionQuerySchema, SubmitRunRequestSchema, type CiModelList } from '../../domain/ci-contract.js';
import type { Services } from '../../services/index.js';
import { jsonMemberText } from '../json-member-text.js';
import { parseJsonBody } from '../body.js';
import type { AppEnv } from '../env.js';
import { requireScope } from '../middleware/auth.js';

/**
 * What CI (`assay-verify run`) talks to, in the shapes of domain/ci-contract.ts. Only a
 * verifier key submits results (SPEC §1.2).
 */
export function ciRoutes(services: Services) {
  return new Hono<AppEnv>()
    .get('/models', requireScope('verifier', 'admin', 'viewer'), async (c) => c.json({ models: await services.assurance.modelIds(c.var.workspaceId) } satisfies CiModelList))
    .get('/models/:modelId/assertions', requireScope('verifier', 'admin', 'viewer'), async (c) => {
      const query = AssertionQuerySchema.parse(c.req.query());
      return c.json(await services.assurance.assertionsToVerify(c.var.workspaceId, c.req.param('modelId'), query.filter, query.repo));
    })
    .post('/models/:modelId/runs', requireScope('verifier'), async (c) => {
      const request = await parseJsonBody(c, SubmitRunRequestSchema);
      // The body is strict JSON by now (parsed above); its envelope member is kept as sent, byte for byte.
      const envelopeText = jsonMemberText(await c.req.text(), 'envelope');
      return c.json(await services.runs.submit(c.var.workspaceId, c.req.param('modelId'), request, c.var.principal.keyId, envelopeText), 202);
    })
    .get('/models/:modelId/runs/:runId/envelope', requireScope('verifier', 'admin', 'agent', 'viewer'), async (c) =>
      c.json(await services.runs.envelope(c.var.workspaceId, c.req.param('modelId'), c.req.param('runId'))),
    )
    .get('/models/:modelId/runs/:runId', requireScope('verifier', 'admin', 'agent', 'viewer'), async (c) =>
      c.json(await services.assurance.runStatus(c.var.workspaceId, c.req.param('modelId'), c.req.param('runId'))),
    )
    .get('/models/:modelId/report', requireScope('verifier', 'admin', 'agent', 'viewer'), async (c) =>
      c.json(await services.assurance.report(c.var.workspaceId, c.req.param('modelId'))),
    );
}
