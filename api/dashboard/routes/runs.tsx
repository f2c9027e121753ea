import { Hono } from 'hono';
import type { VerificationRun } from '../../../domain/schemas/verification.js';
import type { Services } from '../../../services/index.js';
import { workflowIds } from '../../../temporal.config.js';
import { shortCommit, when } from '../components/badges.js';
import { Layout } from '../components/layout.js';
import type { DashboardEnv, DashboardOptions } from '../env.js';
import { renderPage } from '../render.js';

/** Only http(s) links leave the dashboard: a run URL is CI's to choose, and could say `javascript:`. */
const webUrl = (url: string | undefined) => (url && /^https?:\/\//i.test(url) ? url : undefined);

function Identity({ run }: { run: VerificationRun }) {
  const id = run.identity;
  if (!id) return <span class="muted">—</span>;
  if (id.kind === 'key') return <span>CI key <code>{id.keyId.slice(0, 16)}</code>{id.apiKeyId ? ` via API key ${id.apiKeyId}` : ''}</span>;
  return (
    <span>
      OIDC {id.issuer} · {id.subject} · {id.repository}
    </span>
  );
}

/** What the signature (or OIDC token) check concluded; a rejected run says why and moved nothing. */
function Outcome({ run }: { run: VerificationRun }) {
  const o = run.outcome;
  if (o.status === 'rejected') return <span class="badge verdict-fail">rejected: {o.reason}</span>;
  if (o.status === 'duplicate') return <span class="badge verdict-missing">duplicate of {o.of.slice(0, 12)}</span>;
  const signature = run.identity?.kind === 'oidc' ? 'signature and OIDC identity verified' : 'signature verified';
  return (
    <span>
      <span class="badge verdict-pass">accepted</span> {signature}
      {o.applied === false ? <div class="muted">not applied to posture ({o.reason}{o.detail ? `: ${o.detail}` : ''})</div> : null}
    </span>
  );
}

/** Runs as the platform decided them, each linked to the model's assurance workflow in the Temporal UI. */
export function runRoutes(services: Services, options: DashboardOptions) {
  return new Hono<DashboardEnv>().get('/:modelId/runs', async (c) => {
    const { session } = c.var;
    const modelId = c.req.param('modelId');
    const ws = session.principal.workspaceId;
    const [{ model }, runs] = await Promise.all([services.models.get(ws, modelId), services.assuranceHistory.runs(ws, modelId, 100)]);
    const workflowUrl = `${options.temporalUiUrl}/namespaces/${encodeURIComponent(options.temporalNamespace)}/workflows/${encodeURIComponent(workflowIds.modelAssurance(ws, modelId))}`;
    return renderPage(
      c,
      <Layout title="Verification runs" session={session} model={{ modelId, title: model.title, current: 'runs' }}>
        <p>
          Every run is decided in the model's assurance workflow: <a href={workflowUrl}>open it in the Temporal UI</a>.
        </p>
        {runs.length === 0 ? <p>No run submitted yet: CI submits with <code>assay-verify run</code>.</p> : null}
        {runs.length > 0 ? (
          <div class="scroll" role="region" aria-label="Runs" tabindex={0}>
            <table class="data">
              <caption>Runs, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">Commit</th>
                  <th scope="col">Branch</th>
                  <th scope="col">CI identity</th>
                  <th scope="col">Verdict</th>
                  <th scope="col">Links</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => {
                  const ci = webUrl(run.pipeline?.runUrl);
                  return (
                    <tr>
                      <th scope="row">{when(run.receivedAt)}</th>
                      <td>{run.commit ? <code title={run.commit}>{shortCommit(run.commit)}</code> : "—"}</td>
                      <td>{run.pipeline?.branch ?? '—'}</td>
                      <td>
                        <Identity run={run} />
                        {run.pipeline ? <div class="muted">{run.pipeline.provider} run {run.pipeline.runId}</div> : null}
                      </td>
                      <td>
                        <Outcome run={run} />
                      </td>
                      <td>
                        <a href={workflowUrl}>workflow</a>
                        {ci ? (
                          <>
                            {' · '}
                            <a href={ci}>CI run</a>
                          </>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
      </Layout>,
    );
  });
}
