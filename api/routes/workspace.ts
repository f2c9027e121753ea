import { Hono } from 'hono';
import { SetPolicyRequestSchema, SetTrustedIssuersRequestSchema, type Services } from '../../services/index.js';
import { CreateKeyRequestSchema, RegisterCiKeyRequestSchema } from '../../services/keys.js';
import { parseJsonBody } from '../body.js';
import type { AppEnv } from '../env.js';
import { requireScope } from '../middleware/auth.js';

/** The caller's workspace: settings, API keys (shown once) and CI public keys. Admin only. */
export function workspaceRoutes(services: Services) {
  return new Hono<AppEnv>()
    .use(requireScope('admin'))
    .get('/', async (c) => c.json(await services.workspace.get(c.var.workspaceId)))
    .put('/policy', async (c) => c.json(await services.workspace.setPolicy(c.var.workspaceId, await parseJsonBody(c, SetPolicyRequestSchema))))
    .put('/trusted-issuers', async (c) =>
      c.json(await services.workspace.setTrustedIssuers(c.var.workspaceId, await parseJsonBody(c, SetTrustedIssuersRequestSchema))),
    )
    .get('/keys', async (c) => c.json({ keys: await services.keys.list(c.var.workspaceId) }))
    .post('/keys', async (c) => {
      const created = await services.keys.create(c.var.workspaceId, await parseJsonBody(c, CreateKeyRequestSchema));
      return c.json({ ...created, note: 'the secret is shown once; store it now' }, 201);
    })
    .delete('/keys/:id', async (c) => {
      await services.keys.revoke(c.var.workspaceId, c.req.param('id'));
      return c.body(null, 204);
    })
    .get('/ci-keys', async (c) => c.json({ keys: await services.keys.listCiKeys(c.var.workspaceId) }))
    .post('/ci-keys', async (c) => {
      const registered = await services.keys.registerCiKey(c.var.workspaceId, await parseJsonBody(c, RegisterCiKeyRequestSchema));
      return c.json(registered, 201);
    })
    .delete('/ci-keys/:keyId', async (c) => {
      await services.keys.revokeCiKey(c.var.workspaceId, c.req.param('keyId'));
      return c.body(null, 204);
    });
}
