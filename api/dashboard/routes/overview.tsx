import { Hono } from 'hono';
import { workspaceTrend } from '../../../domain/posture-trend.js';
import type { Posture } from '../../../domain/schemas/posture.js';
import type { ThreatModel } from '../../../domain/schemas/threat-model.js';
import { everyPage, type Services } from '../../../services/index.js';
import type { StoredDriftEvent } from '../../../store/index.js';
import { shortCommit, when } from '../components/badges.js';
import { Layout } from '../components/layout.js';
import { TierSummary } from '../components/tier-summary.js';
import { TrendChart } from '../components/trend-chart.js';
import type { DashboardEnv } from '../env.js';
import { renderPage } from '../render.js';

const OPEN = new Set(['discovered', 'acknowledged', 'remediated']);

interface ModelCard {
  model: ThreatModel;
  posture?: Posture;
  openFindings: number;
  latestDrift?: StoredDriftEvent;
}

function ModelSummary({ card }: { card: ModelCard }) {
  const { model, posture } = card;
  const href = `/models/${encodeURIComponent(model.id)}`;
  return (
    <section class="card" aria-labelledby={`model-${model.id}`}>
      <h2 id={`model-${model.id}`}>
        <a href={href}>
          {model.id} · {model.title}
        </a>
      </h2>
      {posture ? (
        <>
          <p>
            <strong>{posture.summary.overall.mitigated}</strong> of {posture.summary.overall.total} objectives mitigated · policy <code>{posture.requiredLevel}</code>
          </p>
          <TierSummary summary={posture.summary} caption={`${model.id}: objectives by risk tier`} />
        </>
      ) : (
        <p>
          {model.status === 'generating' ? 'Being generated: ' : `No version yet (${model.status}): `}
          <a href={`${href}/progress`}>watch the generation</a>
        </p>
      )}
      <p>
        <a href={`${href}/findings`}>{card.openFindings} open findings</a> ·{' '}
        {card.latestDrift ? (
          <a href={`${href}/drift`}>
            latest {card.latestDrift.kind} {card.latestDrift.subjectId} at {shortCommit(card.latestDrift.toCommit)} ({when(card.latestDrift.at)})
          </a>
        ) : (
          <span>no drift recorded</span>
        )}
      </p>
    </section>
  );
}

/** The workspace at a glance: each model's posture by tier, open findings, latest drift, and the trend. */
export function overviewRoutes(services: Services) {
  return new Hono<DashboardEnv>().get('/', async (c) => {
    const session = c.var.session;
    const ws = session.principal.workspaceId;
    const { models } = await services.models.list(ws, { limit: 100 });
    const cards = await Promise.all(
      models.map(async (model): Promise<ModelCard & { history: Array<{ at: string; mitigated: number; total: number }> }> => {
        if (model.latestVersion === 0) return { model, openFindings: 0, history: [] };
        const [{ posture }, findings, [latestDrift], history] = await Promise.all([
          services.assurance.posture(ws, model.id),
          // Open findings are counted over every page.
          everyPage('findings', (page) => services.findings.list(ws, model.id, page)),
          services.assuranceHistory.drift(ws, model.id, { limit: 1 }).then((page) => page.events),
          services.assuranceHistory.postureHistory(ws, model.id),
        ]);
        return {
          model,
          posture,
          openFindings: findings.filter((f) => OPEN.has(f.status)).length,
          latestDrift,
          history: history.map((h) => ({ at: h.at, mitigated: h.posture.summary.overall.mitigated, total: h.posture.summary.overall.total })),
        };
      }),
    );
    const trend = workspaceTrend(cards.flatMap((card) => card.history.map((h) => ({ modelId: card.model.id, ...h }))));
    return renderPage(
      c,
      <Layout title="Workspace overview" session={session}>
        <section aria-labelledby="trend-heading">
          <h2 id="trend-heading">Mitigated objectives over time</h2>
          <TrendChart points={trend} label="Mitigated objectives across the workspace" />
        </section>
        {cards.length === 0 ? <p>No threat models yet. Create one over MCP (<code>generate_threat_model</code>) or <code>POST /api/models</code>.</p> : null}
        <div class="cards">
          {cards.map((card) => (
            <ModelSummary card={card} />
          ))}
        </div>
      </Layout>,
    );
  });
}
