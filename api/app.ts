import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Principal, Services } from '../services/index.js';
import type { AppEnv } from './env.js';
import { onError } from './errors.js';
import { openApiDocument } from './openapi.js';
import { apiKeyAuth, requireScope } from './middleware/auth.js';
import { singleQueryParams } from './middleware/single-query-params.js';
import { ciRoutes } from './routes/ci.js';
import { evidenceRoutes } from './routes/evidence.js';
import { exportRoutes } from './routes/export.js';
import { healthRoutes } from './routes/health.js';
import { instanceRoutes } from './routes/instance.js';
import { modelRoutes } from './routes/models.js';
import { proposalRoutes } from './routes/proposals.js';
import { sufficiencyRoutes } from './routes/sufficiency.js';
import { workspaceRoutes } from './routes/workspace.js';

/** The workspace the start command bootstraps; further workspaces come from `assay-admin`. */
export const DEFAULT_WORKSPACE = 'default';

/** Serves one MCP request for an authenticated caller (mcp/http.ts; joined to the app by the entry point). */
export type McpHandler = (services: Services, principal: Principal, request: Request) => Promise<Response>;

export interface AppOptions {
  /** Mounts MCP over Streamable HTTP at `/mcp` when given. */
  mcp?: McpHandler;
}

/** The HTTP surface; built from services so tests call it with `app.request` and no port. */
export function createApp(services: Services, options: AppOptions = {}) {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound((c) => c.json({ error: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` }, 404));
  app.route('/health', healthRoutes(services));
  // Above the largest legitimate body (a 6 MiB envelope), checked before anything reads it.
  const limit = bodyLimit({
    maxSize: 8 * 1024 * 1024,
    onError: (c) => c.json({ error: 'payload_too_large', message: 'request body exceeds 8 MiB' }, 413),
  });
  app.use('/api/*', limit);
  app.use('/mcp', limit);
  app.use('/instance/*', limit);
  app.route('/instance', instanceRoutes(services));
  const auth = apiKeyAuth({ authenticate: (secret) => services.keys.authenticate(secret) });
  app.use('/api/*', auth);
  app.use('/api/*', singleQueryParams());
  const { mcp } = options;
  if (mcp) {
    // MCP over Streamable HTTP: the same key check, then the tools of that key's workspace and scopes.
    app.use('/mcp', auth);
    app.all('/mcp', (c) => mcp(services, c.var.principal, c.req.raw));
  }
  app.use('/api/models/*', requireScope('agent', 'admin'));
  app.route('/api/models/:modelId', evidenceRoutes(services));
  app.route('/api/models/:modelId/proposals', proposalRoutes(services));
  app.route('/api/models/:modelId/controls/:controlId/sufficiency', sufficiencyRoutes(services));
  app.route('/api/models', exportRoutes(services));
  app.route('/api/models', modelRoutes(services));
  app.route('/api/ci', ciRoutes(services));
  app.route('/api/workspace', workspaceRoutes(services));
  // Built once, after every route is registered; served without a key, like /health.
  let openapi: Record<string, unknown> | undefined;
  app.get('/openapi.json', (c) => c.json((openapi ??= openApiDocument(app))));
  return app;
}
