import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { PositiveIntegerTextSchema } from '../../../domain/schemas/common.js';
import type { ControlPosture, Posture } from '../../../domain/schemas/posture.js';
import type { AssertionResult } from '../../../domain/schemas/verification.js';
import type { Control, ModelVersion } from '../../../domain/schemas/threat-model.js';
import { ForbiddenError, NotFoundError, SufficiencyDecisionRequestSchema, type Services } from '../../../services/index.js';
import type { StoredAssertion } from '../../../store/index.js';
import { AssertionTable } from '../components/assertion-table.js';
import { LEVEL_LABEL, Reasons, StatusBadge, TierBadge, VerdictBadge } from '../components/badges.js';
import { CsrfField } from '../components/csrf-field.js';
import { HeatMap } from '../components/heat-map.js';
import { Layout } from '../components/layout.js';
import { TierSummary } from '../components/tier-summary.js';
import type { DashboardEnv } from '../env.js';
import { dashboardPermissions } from '../permissions.js';
import { renderPage } from '../render.js';
import { assertionVerdicts, setVerdict } from '../verdicts.js';

interface ModelEvidence {
  version: ModelVersion;
  title: string;
  posture: Posture;
  assertions: StoredAssertion[];
  results: Map<string, AssertionResult>;
}

/** Everything the model and objective pages show, in one evaluation (the same one REST's posture is). */
async function loadEvidence(services: Services, ws: string, modelId: string): Promise<ModelEvidence> {
  const { version, posture, assertions, verification } = await services.assurance.evaluation(ws, modelId);
  return { version, title: version.content.title, posture, assertions, results: new Map(verification.results.map((r) => [r.assertionId, r])) };
}

function ControlRows({ modelId, controls, evidence, csrfToken, mayApprove }: { modelId: string; controls: readonly Control[]; evidence: ModelEvidence; csrfToken: string; mayApprove: boolean }) {
  const posture = new Map(evidence.posture.controls.map((c) => [c.controlId, c]));
  return (
    <>
      {controls.map((control) => {
        const p: ControlPosture | undefined = posture.get(control.id);
        const own = evidence.assertions.filter((a) => a.controlId === control.id);
        const verdicts = own.map((a) => assertionVerdicts(a, evidence.results.get(a.id)));
        const sufficiency = p?.sufficiency?.status ?? 'unreviewed';
        return (
          <tr id={`control-${control.id}`}>
            <th scope="row">{control.id}</th>
            <td>
              {control.name}
              <div class="muted">{control.status === 'implemented' ? 'implemented' : 'not implemented'}</div>
            </td>
            <td>{p ? LEVEL_LABEL[p.level] : '—'}</td>
            <td>
              <VerdictBadge verdict={setVerdict(verdicts.map((v) => v.tier1))} />
            </td>
            <td>
              <VerdictBadge verdict={setVerdict(verdicts.map((v) => v.tier2))} />
            </td>
            <td>
              <span class={`badge sufficiency-${sufficiency}`}>{sufficiency}</span>
              {p && p.uncoveredCriteria.length > 0 ? <div class="muted">uncovered: {p.uncoveredCriteria.join('; ')}</div> : null}
            </td>
            <td>
              <Reasons reasons={p?.reasons ?? []} />
            </td>
            {mayApprove ? (
              <td>
                {own.length > 0 && sufficiency !== 'approved' ? (
                  <form method="post" action={`/models/${encodeURIComponent(modelId)}/controls/${control.id}/approve`} class="inline">
                    <CsrfField token={csrfToken} />
                    <label for={`reason-${control.id}`}>Reason</label>
                    <input id={`reason-${control.id}`} name="reason" required maxlength={2000} />
                    <button type="submit">Approve assertion set</button>
                  </form>
                ) : (
                  <span class="muted">—</span>
                )}
              </td>
            ) : null}
          </tr>
        );
      })}
    </>
  );
}

function ControlTable(props: { modelId: string; controls: readonly Control[]; evidence: ModelEvidence; csrfToken: string; mayApprove: boolean; caption: string }) {
  return (
    <div class="scroll" role="region" aria-label={props.caption} tabindex={0}>
      <table class="data">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Control</th>
            <th scope="col">Name</th>
            <th scope="col">Verification level</th>
            <th scope="col">Tier 1</th>
            <th scope="col">Tier 2</th>
            <th scope="col">Sufficiency</th>
            <th scope="col">Reason codes</th>
            {props.mayApprove ? <th scope="col">Action</th> : null}
          </tr>
        </thead>
        <tbody>
          <ControlRows {...props} />
        </tbody>
      </table>
    </div>
  );
}

/** Assertions per page of the model page: a thousand rows would cost the reader and the server alike. */
const ASSERTIONS_PER_PAGE = 100;
const ModelPageQuerySchema = z.object({ page: PositiveIntegerTextSchema.default(1) });

function Pager({ modelId, page, pages }: { modelId: string; page: number; pages: number }) {
  if (pages <= 1) return null;
  const href = (n: number) => `/models/${encodeURIComponent(modelId)}?page=${n}#assertions`;
  return (
    <nav class="pager" aria-label="Assertion pages">
      {page > 1 ? <a href={href(page - 1)}>Previous</a> : null} <span>page {page} of {pages}</span> {page < pages ? <a href={href(page + 1)}>Next</a> : null}
    </nav>
  );
}

const live = <T extends { deletedAt?: string }>(xs: readonly T[]) => xs.filter((x) => !x.deletedAt);

/** The model page (matrix, controls, assertions), one objective's page, and the sufficiency approval form. */
export function modelRoutes(services: Services) {
  const mayApprove = (c: Context<DashboardEnv>) => dashboardPermissions(c.var.session.principal.scopes).approveSufficiency;
  return new Hono<DashboardEnv>()
    .get('/:modelId', async (c) => {
      const { session } = c.var;
      const modelId = c.req.param('modelId');
      const { page } = ModelPageQuerySchema.parse(c.req.query());
      const evidence = await loadEvidence(services, session.principal.workspaceId, modelId);
      const { content } = evidence.version;
      const pages = Math.max(1, Math.ceil(evidence.assertions.length / ASSERTIONS_PER_PAGE));
      const shown = evidence.assertions.slice((page - 1) * ASSERTIONS_PER_PAGE, page * ASSERTIONS_PER_PAGE);
      return renderPage(
        c,
        <Layout title={`${modelId} · ${evidence.title}`} session={session} model={{ modelId, title: evidence.title, current: 'model' }}>
          <p>
            Version {evidence.version.version} · policy <code>{evidence.posture.requiredLevel}</code> · {evidence.posture.summary.overall.mitigated} of {evidence.posture.summary.overall.total} objectives mitigated
          </p>
          <TierSummary summary={evidence.posture.summary} caption="Objectives by risk tier" />
          <h2>Objective matrix</h2>
          <HeatMap modelId={modelId} content={content} objectives={evidence.posture.objectives} />
          <h2>Controls</h2>
          <ControlTable modelId={modelId} controls={live(content.controls)} evidence={evidence} csrfToken={session.csrfToken} mayApprove={mayApprove(c)} caption="Controls and their verification" />
          <h2 id="assertions">Assertions ({evidence.assertions.length})</h2>
          <Pager modelId={modelId} page={Math.min(page, pages)} pages={pages} />
          <AssertionTable assertions={shown} results={evidence.results} caption="Assertions and their last verdicts" />
        </Layout>,
      );
    })
    .get('/:modelId/objectives/:objectiveId', async (c) => {
      const { session } = c.var;
      const modelId = c.req.param('modelId');
      const objectiveId = c.req.param('objectiveId');
      const evidence = await loadEvidence(services, session.principal.workspaceId, modelId);
      const { content } = evidence.version;
      const objective = live(content.objectives).find((o) => o.id === objectiveId);
      const posture = evidence.posture.objectives.find((o) => o.objectiveId === objectiveId);
      if (!objective || !posture) throw new NotFoundError(`objective ${objectiveId} not found in model ${modelId}`);
      const asset = content.assets.find((a) => a.id === objective.assetId);
      const attacker = content.attackers.find((t) => t.id === objective.attackerId);
      const controls = live(content.controls).filter((ctl) => ctl.objectiveIds.includes(objectiveId));
      const ids = new Set(controls.map((ctl) => ctl.id));
      const assumptions = live(content.assumptions).filter((a) => a.objectiveIds.includes(objectiveId));
      return renderPage(
        c,
        <Layout title={`Objective ${objectiveId}`} session={session} model={{ modelId, title: evidence.title, current: 'model' }}>
          <p class="lead">{objective.statement}</p>
          <dl class="facts">
            <dt>Asset</dt>
            <dd>
              {objective.assetId} {asset?.name}
            </dd>
            <dt>Attacker</dt>
            <dd>
              {objective.attackerId} {attacker?.name}
            </dd>
            <dt>Risk tier</dt>
            <dd>
              <TierBadge tier={posture.riskTier} />
            </dd>
            <dt>Posture</dt>
            <dd>
              <StatusBadge status={posture.status} />
            </dd>
            <dt>Reason codes</dt>
            <dd>
              <Reasons reasons={posture.reasons} />
            </dd>
            <dt>Mitigation groups</dt>
            <dd>{posture.groups.length === 0 ? 'none' : posture.groups.map((g) => `${g.group}: ${g.controlIds.join(' + ')}${g.complete ? ' (complete)' : ''}`).join(' · ')}</dd>
          </dl>
          <h2>Controls</h2>
          {controls.length === 0 ? <p>No control serves this objective.</p> : <ControlTable modelId={modelId} controls={controls} evidence={evidence} csrfToken={session.csrfToken} mayApprove={mayApprove(c)} caption={`Controls of ${objectiveId}`} />}
          <h2>Evidence</h2>
          <AssertionTable assertions={evidence.assertions.filter((a) => a.controlId && ids.has(a.controlId))} results={evidence.results} caption={`Assertions of the controls of ${objectiveId}`} />
          {assumptions.length > 0 ? (
            <>
              <h2>Assumptions</h2>
              <ul>
                {assumptions.map((a) => (
                  <li>
                    {a.id} ({a.kind}): {a.statement} {posture.holdingAssumptionIds.includes(a.id) ? <strong>holds</strong> : <span>does not hold</span>}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </Layout>,
      );
    })
    .post('/:modelId/controls/:controlId/approve', async (c) => {
      const { principal } = c.var.session;
      if (!mayApprove(c)) throw new ForbiddenError('only an admin key that is not also an agent key may approve an assertion set');
      const modelId = c.req.param('modelId');
      const controlId = c.req.param('controlId');
      const form = await c.req.parseBody();
      await services.sufficiency.decide(principal, modelId, controlId, 'approved', SufficiencyDecisionRequestSchema.parse({ reason: form.reason }));
      return c.redirect(`/models/${encodeURIComponent(modelId)}#control-${controlId}`, 303);
    });
}
