import { RISK_TIERS } from '../risk.js';
import type { ControlPosture, ObjectivePosture } from '../schemas/posture.js';
import type { ExportData } from './export-data.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Every value that reaches the page goes through this: model text is anyone's (an agent's, an LLM's). */
export const escapeHtml = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** Tagged template: interpolations are escaped unless already rendered markup (an `Html`). */
class Html {
  constructor(readonly text: string) {}
  toString() {
    return this.text;
  }
}
function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const part = (v: unknown): string => (v instanceof Html ? v.text : Array.isArray(v) ? v.map(part).join('') : escapeHtml(v));
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? part(values[i]) : ''), ''));
}

const STYLE = `
:root { color: #1a1a1a; background: #fff; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #333; }
.meta { color: #444; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; color: #444; padding-bottom: .25rem; }
th, td { border: 1px solid #999; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.mitigated { background: #d9f2d9; } .at_risk { background: #fbdcdc; } .unassessed { background: #eee; }
.tier { font-weight: 600; text-transform: uppercase; font-size: .75rem; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85rem; word-break: break-all; }
ul.evidence { margin: 0; padding-left: 1rem; }
footer { margin-top: 2rem; color: #444; font-size: .85rem; }
@media print {
  :root { font-size: 10pt; } body { margin: 0; max-width: none; }
  h2 { break-after: avoid; } tr, li { break-inside: avoid; } thead { display: table-header-group; }
  .mitigated, .at_risk, .unassessed, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  @page { margin: 1.5cm; }
}`;

const label = (status: string) => status.replace('_', ' ');
const lines = (e: { path: string; startLine: number; endLine: number }) => (e.startLine > 0 ? `${e.path}:${e.startLine}${e.endLine > e.startLine ? `-${e.endLine}` : ''}` : e.path);

/**
 * One self-contained, printable report of a model's posture (no script, no external asset: CSS
 * inline, a print stylesheet): posture by risk tier, the objective matrix (assets × attackers),
 * controls with their verification level and evidence `path:line`, drift and findings.
 */
export function htmlReport(data: ExportData): string {
  const content = data.version.content;
  const live = <T extends { deletedAt?: string | undefined }>(items: readonly T[]) => items.filter((i) => !i.deletedAt);
  const assets = live(content.assets);
  const attackers = live(content.attackers);
  const objectives = live(content.objectives);
  const postureOf = new Map(data.posture.objectives.map((o) => [o.objectiveId, o]));
  const controlPosture = new Map(data.posture.controls.map((c) => [c.controlId, c]));
  const results = new Map(data.results.map((r) => [r.assertionId, r]));
  const liveAssertions = data.assertions.filter((a) => !a.deletedAt);
  const { overall, byTier } = data.posture.summary;

  const tierRow = (name: string, t: { total: number; mitigated: number; at_risk: number; unassessed: number }) =>
    html`<tr><th scope="row">${name}</th><td class="num">${t.total}</td><td class="num">${t.mitigated}</td><td class="num">${t.at_risk}</td><td class="num">${t.unassessed}</td></tr>`;

  const cell = (assetId: string, attackerId: string) => {
    const o = objectives.find((x) => x.assetId === assetId && x.attackerId === attackerId);
    const p: ObjectivePosture | undefined = o && postureOf.get(o.id);
    if (!o || !p) return html`<td class="cell unassessed" data-objective="">no objective</td>`;
    return html`<td class="cell ${p.status}" data-objective="${o.id}"><strong>${o.id}</strong> <span class="tier">${p.riskTier}</span><br>${label(p.status)}${p.reasons.length ? html`<br><small>${p.reasons.join(', ')}</small>` : ''}</td>`;
  };

  const evidenceOf = (controlId: string) =>
    liveAssertions
      .filter((a) => a.controlId === controlId)
      .map((a) => {
        const r = results.get(a.id);
        const current = r && r.definitionDigest === a.digest;
        const cited = current ? [...r.tier1.evidence, ...(r.tier2?.evidence ?? [])] : [];
        const verdict = !current ? 'not verified' : r.tier1.verdict === 'pass' && (!r.tier2 || r.tier2.verdict === 'pass') ? 'pass' : 'fail';
        return html`<li data-assertion="${a.id}">${a.id} (${a.type}): ${verdict}${cited.map((e) => html` <code class="evidence-line">${lines(e)}</code>`)}</li>`;
      });

  const controlRow = (c: (typeof content.controls)[number]) => {
    const p: ControlPosture | undefined = controlPosture.get(c.id);
    const evidence = evidenceOf(c.id);
    return html`<tr data-control="${c.id}"><th scope="row">${c.id}</th><td>${c.name}<br><small>${c.description}</small></td><td>${label(c.status)}</td><td>${label(p?.level ?? 'unverified')}${p?.meetsPolicy ? ' (meets policy)' : ''}</td><td>${p?.reasons.join(', ') ?? ''}</td><td>${evidence.length ? html`<ul class="evidence">${evidence}</ul>` : 'no assertions'}</td></tr>`;
  };

  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Assay report: ${content.title}</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
<header>
<h1>${content.title}</h1>
<p class="meta">Model ${data.modelId}, version ${data.version.version}. Posture evaluated ${data.posture.evaluatedAt} under the <strong>${data.posture.requiredLevel}</strong> policy.
${data.latestAccepted ? html`Latest accepted run ${data.latestAccepted.id} at commit <code>${data.latestAccepted.commit ?? 'unknown'}</code>, received ${data.latestAccepted.receivedAt}.` : 'No accepted verification run yet.'}</p>
</header>
<main>
<section aria-labelledby="posture"><h2 id="posture">Posture by risk tier</h2>
<table id="tiers"><caption>Control objectives by status</caption>
<thead><tr><th scope="col">Risk tier</th><th scope="col">Objectives</th><th scope="col">Mitigated</th><th scope="col">At risk</th><th scope="col">Unassessed</th></tr></thead>
<tbody>${RISK_TIERS.map((t) => tierRow(t, byTier[t] ?? { total: 0, mitigated: 0, at_risk: 0, unassessed: 0 }))}${tierRow('all', overall)}</tbody></table>
</section>
<section aria-labelledby="matrix"><h2 id="matrix">Objective matrix</h2>
<table id="objective-matrix"><caption>Assets (rows) × attackers (columns): each control objective, its risk tier and posture</caption>
<thead><tr><th scope="col">Asset</th>${attackers.map((t) => html`<th scope="col">${t.id}: ${t.name}<br><small>likelihood ${t.likelihood}</small></th>`)}</tr></thead>
<tbody>${assets.map((a) => html`<tr><th scope="row">${a.id}: ${a.name}<br><small>impact ${a.impact}</small></th>${attackers.map((t) => cell(a.id, t.id))}</tr>`)}</tbody></table>
</section>
<section aria-labelledby="controls"><h2 id="controls">Controls</h2>
<table id="control-table"><caption>Verification level and the evidence CI attested (path:line at the verified commit)</caption>
<thead><tr><th scope="col">Id</th><th scope="col">Control</th><th scope="col">Status</th><th scope="col">Verification</th><th scope="col">At-risk reasons</th><th scope="col">Assertions and evidence</th></tr></thead>
<tbody>${live(content.controls).map(controlRow)}</tbody></table>
</section>
<section aria-labelledby="drift"><h2 id="drift">Drift</h2>
${data.drift.length
    ? html`<table id="drift-table"><caption>Passed at an earlier commit and fails now (drift), or the reverse (recovery); newest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">Kind</th><th scope="col">Level</th><th scope="col">Subject</th><th scope="col">Commits</th><th scope="col">Run</th></tr></thead>
<tbody>${data.drift.map((d) => html`<tr><td>${d.at}</td><td>${d.kind}</td><td>${d.level}</td><td>${d.subjectId}</td><td><code>${d.fromCommit.slice(0, 12)}</code> → <code>${d.toCommit.slice(0, 12)}</code></td><td>${d.runId}</td></tr>`)}</tbody></table>`
    : html`<p>No drift recorded.</p>`}
</section>
<section aria-labelledby="findings"><h2 id="findings">Findings</h2>
${data.findings.length
    ? html`<table id="finding-table"><caption>Negative results for controls and where they stand</caption>
<thead><tr><th scope="col">Id</th><th scope="col">Control</th><th scope="col">Title</th><th scope="col">Status</th><th scope="col">Severity</th><th scope="col">Source</th><th scope="col">Updated</th></tr></thead>
<tbody>${data.findings.map((f) => html`<tr><th scope="row">${f.id}</th><td>${f.controlId}</td><td>${f.title}${f.dismissReason ? html`<br><small>dismissed: ${f.dismissReason}</small>` : ''}</td><td>${f.status}</td><td>${f.severity ?? ''}</td><td>${f.source}</td><td>${f.updatedAt}</td></tr>`)}</tbody></table>`
    : html`<p>No findings.</p>`}
</section>
</main>
<footer>Made by ${data.tool.name} ${data.tool.version}. Posture, risk tiers and drift are computed from stored, signed verification runs; the platform never holds source code, only evidence digests.</footer>
</body>
</html>
`;
  return page.text;
}
