import { Hono } from 'hono';
import type { Services } from '../../services/index.js';
import { CreateWorkspaceRequestSchema } from '../../services/instance.js';
import { parseJsonBody } from '../body.js';
import { API_KEY_CHALLENGE, presentedKey } from '../middleware/auth.js';

/**
 * The instance administrator's routes (mounted at /instance, outside /api): only the instance
 * credential opens them, and no workspace key, not even an admin one, does.
 */
export function instanceRoutes(services: Services) {
  return new Hono()
    .use(async function instanceAdminAuth(c, next) {
      const secret = presentedKey(c.req.raw.headers);
      if (!secret || !(await services.instance.authenticate(secret))) {
        return c.json({ error: 'unauthenticated', message: 'these routes need the instance administrator key (ASSAY_INSTANCE_ADMIN_KEY, or the one printed on first start)' }, 401, { 'WWW-Authenticate': API_KEY_CHALLENGE });
      }
      await next();
    })
    .get('/workspaces', async (c) => c.json({ workspaces: await services.instance.listWorkspaces() }))
    .post('/workspaces', async (c) => {
      const created = await services.instance.createWorkspace(await parseJsonBody(c, CreateWorkspaceRequestSchema));
      return c.json({ ...created, note: 'the admin key secret is shown once; store it now' }, 201);
    })
    // The platform key anchors every audit package, so only the instance administrator replaces it.
    .post('/platform-key/rotate', async (c) => c.json(await services.platformKeys.rotate()));
}
