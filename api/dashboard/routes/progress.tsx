import { Hono } from 'hono';
import type { Services } from '../../../services/index.js';
import { Layout } from '../components/layout.js';
import type { DashboardEnv } from '../env.js';
import { renderPage } from '../render.js';

/** The model's latest generation or refinement, live from the workflow's progress query (progress.js polls it). */
export function progressRoutes(services: Services) {
  return new Hono<DashboardEnv>().get('/:modelId/progress', async (c) => {
    const { session } = c.var;
    const modelId = c.req.param('modelId');
    const ws = session.principal.workspaceId;
    const [{ model }, progress] = await Promise.all([services.models.get(ws, modelId), services.models.modelProgress(ws, modelId)]);
    const running = progress.status === 'running';
    // Live steps while it runs; once it ended, the timings it recorded.
    const steps = progress.progress
      ? progress.progress.steps.map((s) => ({ title: s.title, status: s.status, durationMs: s.durationMs, calls: s.usage.calls }))
      : (progress.steps ?? []).map((s) => ({ title: s.title, status: 'completed', durationMs: s.durationMs, calls: s.calls }));
    return renderPage(
      c,
      <Layout title={`${progress.kind === 'generate' ? 'Generation' : 'Refinement'} progress`} session={session} model={{ modelId, title: model.title, current: 'progress' }} scripts={['progress.js']}>
        <section id="progress" aria-live="polite" data-running={String(running)}>
          <p class={`progress-status status-${progress.status}`}>
            Workflow <code>{progress.workflowId}</code>: <strong>{progress.status}</strong>
            {progress.progress ? ` · step ${progress.progress.step} of ${progress.progress.total}: ${progress.progress.title}` : ''}
            {progress.version ? ` · version ${progress.version}` : ''}
          </p>
          {progress.error ? <p class="error">{progress.error}</p> : null}
          {progress.progress ? (
            <progress max={progress.progress.total} value={steps.filter((s) => s.status === 'completed').length} aria-label="Steps completed">
              {progress.progress.step} of {progress.progress.total}
            </progress>
          ) : null}
          {steps.length > 0 ? (
            <ol class="steps">
              {steps.map((s) => (
                <li class={`step-${s.status}`}>
                  {s.title}: {s.status}
                  {s.durationMs !== undefined ? ` (${(s.durationMs / 1000).toFixed(1)} s, ${s.calls} calls)` : ''}
                </li>
              ))}
            </ol>
          ) : null}
          {running ? (
            <p class="muted">
              This section updates by itself while the workflow runs (or <a href={`/models/${encodeURIComponent(modelId)}/progress`}>reload</a>).
            </p>
          ) : null}
          {progress.status === 'completed' && model.latestVersion > 0 ? (
            <p>
              <a href={`/models/${encodeURIComponent(modelId)}`}>See the model</a>
            </p>
          ) : null}
        </section>
      </Layout>,
    );
  });
}
