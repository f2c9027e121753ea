import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Services } from '../../services/index.js';
import { mapError } from '../errors.js';
import { Layout } from './components/layout.js';
import { DEFAULT_DASHBOARD_OPTIONS, type DashboardEnv, type DashboardOptions } from './env.js';
import { requireCsrfToken } from './middleware/csrf.js';
import { dashboardSecurityHeaders } from './middleware/security-headers.js';
import { clearSessionCookie, sessionAuth } from './middleware/session.js';
import { renderPage } from './render.js';
import { driftRoutes } from './routes/drift.js';
import { findingRoutes } from './routes/findings.js';
import { modelRoutes } from './routes/model.js';
import { overviewRoutes } from './routes/overview.js';
import { progressRoutes } from './routes/progress.js';
import { runRoutes } from './routes/runs.js';
import { settingsRoutes } from './routes/settings.js';
import { signInRoutes } from './routes/sign-in.js';
import { staticRoutes } from './routes/static.js';
import { versionRoutes } from './routes/versions.js';

/** The paths the HTTP app hands to the dashboard; everything else (/api, /health, /mcp…) stays the API's. */
export const DASHBOARD_PATHS = ['/', '/sign-in', '/sign-out', '/settings', '/settings/*', '/models/*', '/static/*'] as const;

function ErrorPage({ status, message }: { status: number; message: string }) {
  return (
    <Layout title={status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'Something went wrong'}>
      <p role="alert">{message}</p>
      <p>
        <a href="/">Back to the overview</a>
      </p>
    </Layout>
  );
}

/**
 * The dashboard: server-rendered pages over the same services as REST, behind a session that an
 * API key opens. Pages read; the few forms act, each checked against the key's scopes and a CSRF token.
 */
export function createDashboard(services: Services, options: DashboardOptions = DEFAULT_DASHBOARD_OPTIONS) {
  const app = new Hono<DashboardEnv>();
  app.onError((error, c) => {
    const mapped = mapError(error);
    if (!mapped) console.error(`[dashboard] ${c.req.method} ${c.req.path} failed:`, error);
    return renderPage(c, <ErrorPage status={mapped?.status ?? 500} message={mapped?.message ?? 'internal error'} />, mapped?.status ?? 500);
  });
  app.notFound((c) => renderPage(c, <ErrorPage status={404} message={`no page at ${c.req.path}`} />, 404));
  app.use(dashboardSecurityHeaders());
  // Forms are a few fields; anything larger is not one of ours.
  app.use(bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('form too large', 413) }));
  app.route('/static', staticRoutes());
  app.route('/', signInRoutes(services, options));
  app.use(sessionAuth({ resolve: (sessionId) => services.sessions.resolve(sessionId) }));
  app.use(requireCsrfToken());
  app.post('/sign-out', async (c) => {
    await services.sessions.signOut(c.var.sessionId);
    clearSessionCookie(c);
    return c.redirect('/sign-in', 303);
  });
  app.route('/', overviewRoutes(services));
  app.route('/', settingsRoutes(services));
  for (const pages of [modelRoutes(services), driftRoutes(services), findingRoutes(services), runRoutes(services, options), versionRoutes(services), progressRoutes(services)]) {
    app.route('/models', pages);
  }
  return app;
}
