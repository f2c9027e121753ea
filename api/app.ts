import { Hono } from 'hono';
import type { Services } from '../services/index.js';
import type { AppEnv } from './env.js';
import { onError } from './errors.js';
import { apiKeyAuth, requireScope } from './middleware/auth.js';
import { healthRoutes } from './routes/health.js';
import { modelRoutes } from './routes/models.js';
import { workspaceRoutes } from './routes/workspace.js';

/** The workspace the start command bootstraps; further workspaces come from `assay-admin`. */
export const DEFAULT_WORKSPACE = 'default';

/** The HTTP surface; built from services so tests call it with `app.request` and no port. */
export function createApp(services: Services) {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound((c) => c.json({ error: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` }, 404));
  app.route('/health', healthRoutes(services));
  app.use('/api/*', apiKeyAuth({ authenticate: (secret) => services.keys.authenticate(secret) }));
  app.use('/api/models/*', requireScope('agent', 'admin'));
  app.route('/api/models', modelRoutes(services));
  app.route('/api/workspace', workspaceRoutes(services));
  return app;
}
