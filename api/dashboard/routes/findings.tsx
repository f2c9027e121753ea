import { Hono } from 'hono';
import { z } from 'zod';
import { FindingStatusSchema, type Finding } from '../../../domain/schemas/finding.js';
import { FindingActionSchema, ForbiddenError, everyPage, type Services } from '../../../services/index.js';
import { TierBadge, when } from '../components/badges.js';
import { CsrfField } from '../components/csrf-field.js';
import { Layout } from '../components/layout.js';
import type { DashboardEnv } from '../env.js';
import { dashboardPermissions, type DashboardPermissions } from '../permissions.js';
import { renderPage } from '../render.js';

/** The actions the board offers; remediation links assertions, which is the agent's job over MCP. */
const BoardActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('acknowledge') }),
  z.object({ action: z.literal('dismiss'), reason: z.string() }),
]);

function FindingCard({ finding, modelId, csrfToken, may }: { finding: Finding; modelId: string; csrfToken: string; may: DashboardPermissions }) {
  const action = `/models/${encodeURIComponent(modelId)}/findings/${finding.id}/actions`;
  const open = finding.status === 'discovered' || finding.status === 'acknowledged' || finding.status === 'remediated';
  return (
    <li class="finding" id={`finding-${finding.id}`}>
      <h3>
        {finding.id} · {finding.title}
      </h3>
      <p>
        control <a href={`/models/${encodeURIComponent(modelId)}#control-${finding.controlId}`}>{finding.controlId}</a> · from {finding.source}
        {finding.severity ? (
          <>
            {' '}
            · <TierBadge tier={finding.severity} />
          </>
        ) : null}
      </p>
      {finding.description ? <p class="muted">{finding.description}</p> : null}
      {finding.dismissReason ? <p>dismissed: {finding.dismissReason}</p> : null}
      <p class="muted">updated {when(finding.updatedAt)}</p>
      {finding.status === 'discovered' && may.acknowledgeFinding ? (
        <form method="post" action={action} class="inline">
          <CsrfField token={csrfToken} />
          <input type="hidden" name="action" value="acknowledge" />
          <button type="submit">Acknowledge {finding.id}</button>
        </form>
      ) : null}
      {open && may.dismissFinding(finding.source) ? (
        <form method="post" action={action} class="inline">
          <CsrfField token={csrfToken} />
          <input type="hidden" name="action" value="dismiss" />
          <label for={`dismiss-${finding.id}`}>Reason</label>
          <input id={`dismiss-${finding.id}`} name="reason" required maxlength={2000} />
          <button type="submit">Dismiss {finding.id}</button>
        </form>
      ) : null}
    </li>
  );
}

/** Findings by lifecycle column (discovered → acknowledged → remediated → verified, dismissed) with their actions. */
export function findingRoutes(services: Services) {
  return new Hono<DashboardEnv>()
    .get('/:modelId/findings', async (c) => {
      const { session } = c.var;
      const modelId = c.req.param('modelId');
      const ws = session.principal.workspaceId;
      // The board shows every finding of the model, so it reads every page.
      const [{ model }, findings] = await Promise.all([
        services.models.get(ws, modelId),
        everyPage('findings', (page) => services.findings.list(ws, modelId, page)),
      ]);
      const may = dashboardPermissions(session.principal.scopes);
      return renderPage(
        c,
        <Layout title="Findings" session={session} model={{ modelId, title: model.title, current: 'findings' }}>
          <div class="board">
            {FindingStatusSchema.options.map((status) => {
              const column = findings.filter((f) => f.status === status);
              return (
                <section class="column" aria-labelledby={`col-${status}`}>
                  <h2 id={`col-${status}`}>
                    {status} ({column.length})
                  </h2>
                  <ul>
                    {column.map((finding) => (
                      <FindingCard finding={finding} modelId={modelId} csrfToken={session.csrfToken} may={may} />
                    ))}
                  </ul>
                </section>
              );
            })}
          </div>
        </Layout>,
      );
    })
    .post('/:modelId/findings/:findingId/actions', async (c) => {
      const { principal } = c.var.session;
      const modelId = c.req.param('modelId');
      const findingId = c.req.param('findingId');
      const request = BoardActionSchema.parse(await c.req.parseBody());
      const may = dashboardPermissions(principal.scopes);
      const finding = await services.findings.get(principal.workspaceId, modelId, findingId);
      if (request.action === 'acknowledge' ? !may.acknowledgeFinding : !may.dismissFinding(finding.source)) {
        throw new ForbiddenError(`this key (${principal.scopes.join(', ')}) may not ${request.action} finding ${findingId}`);
      }
      await services.findings.act(principal.workspaceId, modelId, findingId, FindingActionSchema.parse(request), principal);
      return c.redirect(`/models/${encodeURIComponent(modelId)}/findings#finding-${findingId}`, 303);
    });
}
