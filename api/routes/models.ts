import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { CreateModelRequestSchema, NotFoundError, SetTrackedBranchRequestSchema, type Services } from '../../services/index.js';
import { PositiveIntegerTextSchema } from '../../domain/schemas/common.js';
import { EditableKindSchema, SetThreatsRequestSchema } from '../../services/model-edit-rules.js';
import { RefineModelRequestSchema } from '../../services/model-workflows.js';
import { DiffQuerySchema, ListModelsQuerySchema } from '../../services/models.js';
import { parseJsonBody } from '../body.js';
import type { AppEnv } from '../env.js';
import { requireScope } from '../middleware/auth.js';
import { statusEditOrAdmin } from '../middleware/status-edit-or-admin.js';

export const ProgressQuerySchema = z.object({ workflowId: z.string().min(1).max(300).optional() });
/** The directly editable entity kinds; objectives are computed from assets × attackers. */
const KIND = ':kind{assets|attackers|trust-boundaries|assumptions|controls}';

const kindOf = (c: Context<AppEnv>) => EditableKindSchema.parse(c.req.param('kind'));

/** REST for threat models: generation and refinement (workflows), versions and diffs, direct edits. */
export function modelRoutes(services: Services) {
  const models = services.models;
  return new Hono<AppEnv>()
    .post('/', async (c) => c.json(await models.create(c.var.workspaceId, await parseJsonBody(c, CreateModelRequestSchema)), 202))
    .get('/', async (c) => c.json(await models.list(c.var.workspaceId, ListModelsQuerySchema.parse(c.req.query()))))
    .get('/:id', async (c) => c.json(await models.get(c.var.workspaceId, c.req.param('id'))))
    .delete('/:id', requireScope('admin'), async (c) => {
      await models.remove(c.var.workspaceId, c.req.param('id'));
      return c.body(null, 204);
    })
    .get('/:id/progress', async (c) => {
      const { workflowId } = ProgressQuerySchema.parse(c.req.query());
      const id = c.req.param('id');
      const progress = workflowId ? await models.progress(c.var.workspaceId, workflowId) : await models.modelProgress(c.var.workspaceId, id);
      if (progress.modelId !== id) throw new NotFoundError(`workflow ${workflowId} does not belong to model ${id}`);
      return c.json(progress);
    })
    .post('/:id/cancel', async (c) => c.json(await models.cancel(c.var.workspaceId, c.req.param('id')), 202))
    .post('/:id/refine', async (c) =>
      c.json(await models.refine(c.var.workspaceId, c.req.param('id'), await parseJsonBody(c, RefineModelRequestSchema), c.var.principal), 202),
    )
    .get('/:id/tracked-branch', async (c) => c.json(await services.trackedBranch.get(c.var.workspaceId, c.req.param('id'))))
    // Which runs move posture is a trust decision: never the agent's, never CI's (SPEC §1.2).
    .put('/:id/tracked-branch', requireScope('admin'), async (c) =>
      c.json(await services.trackedBranch.set(c.var.workspaceId, c.req.param('id'), await parseJsonBody(c, SetTrackedBranchRequestSchema))),
    )
    .get('/:id/lint', async (c) => c.json(await models.lint(c.var.workspaceId, c.req.param('id'))))
    .get('/:id/versions', async (c) => c.json({ versions: await models.listVersions(c.var.workspaceId, c.req.param('id')) }))
    .get('/:id/versions/:version', async (c) =>
      c.json(await models.getVersion(c.var.workspaceId, c.req.param('id'), PositiveIntegerTextSchema.parse(c.req.param('version')))),
    )
    .get('/:id/diff', async (c) => {
      const { from, to } = DiffQuerySchema.parse(c.req.query());
      return c.json(await models.diff(c.var.workspaceId, c.req.param('id'), from, to));
    })
    // Direct edits shape what counts as mitigated (criteria, attestations), so they are an admin's;
    // an agent may only report a control's implementation status (SPEC §1.2).
    .post(`/:id/${KIND}`, requireScope('admin'), async (c) =>
      c.json(await models.createEntity(c.var.workspaceId, c.req.param('id'), kindOf(c), await parseJsonBody(c, z.unknown())), 201),
    )
    .patch(`/:id/${KIND}/:entityId`, statusEditOrAdmin(), async (c) =>
      c.json(await models.updateEntity(c.var.workspaceId, c.req.param('id'), kindOf(c), c.req.param('entityId'), await parseJsonBody(c, z.unknown()))),
    )
    .delete(`/:id/${KIND}/:entityId`, requireScope('admin'), async (c) =>
      c.json(await models.deleteEntity(c.var.workspaceId, c.req.param('id'), kindOf(c), c.req.param('entityId'))),
    )
    // Threats justify every control link, so revising them is an admin's edit too.
    .put('/:id/objectives/:objectiveId/threats', requireScope('admin'), async (c) =>
      c.json(await models.setThreats(c.var.workspaceId, c.req.param('id'), c.req.param('objectiveId'), await parseJsonBody(c, SetThreatsRequestSchema))),
    );
}
