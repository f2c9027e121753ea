import { Hono } from 'hono';
import { handleMcpRequest } from '../mcp/http.js';
import type { Services } from '../services/index.js';
import type { AppEnv } from './env.js';
import { onError } from './errors.js';
import { apiKeyAuth, requireScope } from './middleware/auth.js';
import { ciRoutes } from './routes/ci.js';
import { evidenceRoutes } from './routes/evidence.js';
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
  const auth = apiKeyAuth({ authenticate: (secret) => services.keys.authenticate(secret) });
  app.use('/api/*', auth);
  // MCP over Streamable HTTP: the same key check, then the tools of that key's workspace and scopes.
  app.use('/mcp', auth);
  app.all('/mcp', (c) => handleMcpRequest(services, c.var.principal, c.req.raw));
  app.use('/api/models/*', requireScope('agent', 'admin'));
  app.route('/api/models/:modelId', evidenceRoutes(services));
  app.route('/api/models', modelRoutes(services));
  app.route('/api/ci', ciRoutes(services));
  app.route('/api/workspace', workspaceRoutes(services));
  return app;
}
