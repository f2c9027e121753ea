import { Hono } from 'hono';
import type { Principal, Services } from '../services/index.js';
import type { AppEnv } from './env.js';
import { DASHBOARD_PATHS, createDashboard } from './dashboard/app.js';
import type { DashboardOptions } from './dashboard/env.js';
import { onError } from './errors.js';
import { openApiDocument } from './openapi.js';
import { apiKeyAuth, requireScopeByMethod } from './middleware/auth.js';
import { bodySizeLimit } from './middleware/body-size-limit.js';
import { singleQueryParams } from './middleware/single-query-params.js';
import { ciRoutes } from './routes/ci.js';
import { evidenceRoutes } from './routes/evidence.js';
import { exportRoutes } from './routes/export.js';
import { healthRoutes } from './routes/health.js';
import { instanceRoutes } from './routes/instance.js';
import { integrationRoutes, integrationWebhookRoutes } from './routes/integrations.js';
import { modelRoutes } from './routes/models.js';
import { proposalRoutes } from './routes/proposals.js';
import { sufficiencyRoutes } from './routes/sufficiency.js';
import { wellKnownRoutes } from './routes/well-known.js';
import { workspaceRoutes } from './routes/workspace.js';

/** The workspace the start command bootstraps; further workspaces come from `assay-admin`. */
export const DEFAULT_WORKSPACE = 'default';

/** Serves one MCP request for an authenticated caller (mcp/http.ts; joined to the app by the entry point). */
export type McpHandler = (services: Services, principal: Principal, request: Request) => Promise<Response>;

export interface AppOptions {
  /** Mounts MCP over Streamable HTTP at `/mcp` when given. */
  mcp?: McpHandler;
  /** Where the dashboard links to Temporal, and whether a TLS proxy's headers are believed. */
  dashboard?: DashboardOptions;
}

/** The HTTP surface; built from services so tests call it with `app.request` and no port. */
export function createApp(services: Services, options: AppOptions = {}) {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound((c) => c.json({ error: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` }, 404));
  app.route('/health', healthRoutes(services));
  app.route('/.well-known', wellKnownRoutes(services));
  // Above the largest legitimate body (a 6 MiB envelope), checked before anything reads it.
  const limit = bodySizeLimit({
    maxSize: 8 * 1024 * 1024,
    onError: (c) => c.json({ error: 'payload_too_large', message: 'request body exceeds 8 MiB' }, 413),
  });
  app.use('/api/*', limit);
  app.use('/mcp', limit);
  app.use('/instance/*', limit);
  app.route('/instance', instanceRoutes(services));
  // Signed by Jira or Slack rather than by an Assay key, so mounted ahead of the key check.
  app.route('/api/integrations', integrationWebhookRoutes(services));
  const auth = apiKeyAuth({ authenticate: (secret) => services.keys.authenticate(secret) });
  app.use('/api/*', auth);
  app.use('/api/*', singleQueryParams());
  const { mcp } = options;
  if (mcp) {
    // MCP over Streamable HTTP: the same key check, then the tools of that key's workspace and scopes.
    app.use('/mcp', auth);
    app.all('/mcp', (c) => mcp(services, c.var.principal, c.req.raw));
  }
  // A viewer (auditor, manager) reads everything of a model and changes nothing.
  app.use('/api/models/*', requireScopeByMethod({ read: ['agent', 'admin', 'viewer'], write: ['agent', 'admin'] }));
  app.route('/api/models/:modelId', evidenceRoutes(services));
  app.route('/api/models/:modelId/proposals', proposalRoutes(services));
  app.route('/api/models/:modelId/controls/:controlId/sufficiency', sufficiencyRoutes(services));
  app.route('/api/models', exportRoutes(services));
  app.route('/api/models', modelRoutes(services));
  app.route('/api/ci', ciRoutes(services));
  app.route('/api/workspace', workspaceRoutes(services));
  app.route('/api/integrations', integrationRoutes(services));
  // Built once, after every route is registered; served without a key, like /health.
  let openapi: Record<string, unknown> | undefined;
  app.get('/openapi.json', (c) => c.json((openapi ??= openApiDocument(app))));
  // The dashboard is its own app (session, CSRF, HTML errors) on its own paths; handed over as a
  // whole, so none of its middleware touches the API and the OpenAPI document lists only the API.
  const dashboard = createDashboard(services, options.dashboard);
  for (const path of DASHBOARD_PATHS) app.all(path, (c) => dashboard.fetch(c.req.raw, c.env));
  return app;
}
