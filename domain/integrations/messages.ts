import type { Finding } from '../schemas/finding.js';
import type { IntegrationEvent } from '../schemas/integrations.js';
import type { Posture } from '../schemas/posture.js';
import type { ModelContent, RiskTier } from '../schemas/threat-model.js';
import { adfBulletList, adfDocument, adfHeading, adfParagraph, adfText, type AdfDocument } from './adf.js';

const TIERS: RiskTier[] = ['critical', 'high', 'medium', 'low'];
const live = <T extends { deletedAt?: string }>(items: T[]) => items.filter((i) => !i.deletedAt);

/** Objectives per risk tier, in tier order: `{critical: 2, high: 5, …}`. */
export function objectivesByTier(content: ModelContent): Record<RiskTier, number> {
  const counts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const objective of live(content.objectives)) counts[objective.riskTier]++;
  return counts;
}

/** The comment on the Jira issue a model came from: assets, objectives by tier, controls, and the dashboard link. */
export function modelReadyComment(input: { modelId: string; version: number; content: ModelContent; dashboardUrl: string; proposalId?: string }): AdfDocument {
  const { content } = input;
  const tiers = objectivesByTier(content);
  const controls = live(content.controls);
  const headline = input.proposalId
    ? `Assay proposed a refinement of threat model ${input.modelId} (${input.proposalId}); a workspace admin decides whether it applies.`
    : `Assay threat model ${input.modelId} version ${input.version} is ready: ${content.title}`;
  return adfDocument(
    adfParagraph(adfText(headline)),
    adfHeading(4, `Assets (${live(content.assets).length})`),
    adfBulletList(live(content.assets).slice(0, 25).map((a) => `${a.id} ${a.name} (impact ${a.impact})`)),
    adfHeading(4, `Control objectives (${live(content.objectives).length})`),
    adfBulletList(TIERS.map((tier) => `${tier}: ${tiers[tier]}`)),
    adfHeading(4, `Controls (${controls.length})`),
    adfBulletList(controls.slice(0, 25).map((c) => `${c.id} ${c.name}`)),
    adfParagraph(adfText('Open the model in Assay', input.dashboardUrl)),
  );
}

/** The body of the Jira issue a finding opens. */
export function findingIssueDescription(finding: Finding, dashboardUrl: string): AdfDocument {
  return adfDocument(
    adfParagraph(adfText(finding.description || finding.title)),
    adfParagraph(adfText(`Assay finding ${finding.id} on control ${finding.controlId} of model ${finding.modelId}${finding.severity ? `, severity ${finding.severity}` : ''}.`)),
    adfParagraph(adfText('Open the finding in Assay', dashboardUrl)),
  );
}

export function findingVerifiedComment(finding: Finding): AdfDocument {
  const last = finding.history.at(-1);
  return adfDocument(adfParagraph(adfText(`Assay verified finding ${finding.id}: ${last?.reason ?? 'its control passes verification'}.`)));
}

type Block = Record<string, unknown>;
const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** `/assay posture M1`: the overall summary and the summary per risk tier, in Block Kit. */
export function postureBlocks(modelId: string, posture: Posture | null): { text: string; blocks: Block[] } {
  if (!posture) {
    const text = `Model ${modelId} has no posture yet: no verification run has been applied.`;
    return { text, blocks: [section(text)] };
  }
  const line = (name: string, s: Posture['summary']['overall']) => `*${name}*: ${s.mitigated} mitigated, ${s.at_risk} at risk, ${s.unassessed} unassessed (of ${s.total})`;
  const text = `Posture of ${modelId}: ${line('overall', posture.summary.overall).replace(/\*/g, '')}`;
  const tiers = TIERS.filter((t) => posture.summary.byTier[t]).map((t) => line(t, posture.summary.byTier[t]!));
  return { text, blocks: [section(`*Posture of ${modelId}* (evaluated ${posture.evaluatedAt})`), section([line('overall', posture.summary.overall), ...tiers].join('\n'))] };
}

/** The value an acknowledge button carries back: which finding of which model. */
export const findingButtonValue = (f: Pick<Finding, 'modelId' | 'id'>) => `${f.modelId}/${f.id}`;
export const ACKNOWLEDGE_ACTION = 'acknowledge_finding';

/** `/assay findings M1`: open findings, each with an acknowledge button while it is `discovered`. */
export function findingsBlocks(modelId: string, findings: Finding[]): { text: string; blocks: Block[] } {
  const open = findings.filter((f) => f.status !== 'verified' && f.status !== 'dismissed').slice(0, 40);
  const text = `${open.length} open findings in ${modelId}`;
  const blocks: Block[] = [section(`*${text}*`)];
  for (const f of open) {
    blocks.push({
      ...section(`*${f.id}* ${f.title} — ${f.status} (control ${f.controlId})`),
      ...(f.status === 'discovered'
        ? { accessory: { type: 'button', text: { type: 'plain_text', text: 'Acknowledge' }, action_id: ACKNOWLEDGE_ACTION, value: findingButtonValue(f) } }
        : {}),
    });
  }
  return { text, blocks };
}

/** What the configured channel is told of drift, a new finding or a rejected run. */
export function eventMessage(event: IntegrationEvent): { text: string; blocks: Block[] } | null {
  const d = event.data as Record<string, any>;
  switch (event.type) {
    case 'drift': {
      const events = (d.events ?? []) as Array<{ kind: string; level: string; subjectId: string }>;
      const text = `Assay: drift in model ${d.modelId} at commit ${String(d.commit ?? '').slice(0, 12)}: ${events.filter((e) => e.kind === 'drift').length} drift, ${events.filter((e) => e.kind === 'recovery').length} recovery events; ${d.atRisk} objectives at risk, ${d.mitigated} mitigated.`;
      return { text, blocks: [section(text), section(events.slice(0, 20).map((e) => `• ${e.kind} of ${e.level} ${e.subjectId}`).join('\n') || '-')] };
    }
    case 'finding.opened': {
      const f = d.finding as Finding;
      const text = `Assay: new finding ${f.id} in model ${f.modelId}: ${f.title}`;
      return { text, blocks: [section(text), ...findingsBlocks(f.modelId, [f]).blocks.slice(1)] };
    }
    case 'run.rejected': {
      const text = `Assay: verification run ${d.runId} of model ${d.modelId} was rejected: ${d.reason}`;
      return { text, blocks: [section(text)] };
    }
    default:
      return null;
  }
}
