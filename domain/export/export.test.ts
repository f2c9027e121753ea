import { describe, expect, it } from 'vitest';
import { assertionDigest } from '../content-hash.js';
import { computePosture } from '../posture.js';
import type { VerificationRun } from '../schemas/verification.js';
import { NOW, assertion, asset, attacker, commit, content, control, objective, result, tier } from '../test-support/builders.js';
import type { ExportData } from './export-data.js';
import { escapeHtml, htmlReport } from './html.js';
import { oscalAssessmentResults } from './oscal.js';
import { sarifOfLatestRun } from './sarif-run.js';

const HOSTILE = `<script>x()</script><b onclick="y()">'&'</b>`;
const x1 = { ...assertion('X1', { controlId: 'C1' }), description: HOSTILE };
const model = content({
  title: HOSTILE,
  assets: [asset('A1', { name: HOSTILE })],
  attackers: [attacker('T1', { name: HOSTILE })],
  objectives: [objective('CO1', { statement: HOSTILE })],
  controls: [control('C1', ['CO1'], { name: HOSTILE, description: HOSTILE })],
});
const evidence = { path: 'src/a b.ts', sha256: 'a'.repeat(64), startLine: 4, endLine: 8 };
const latest = result(x1, { t1: tier('pass', { evidence: [evidence] }), t2: tier('fail', { details: 'only in a comment', provider: 'openai', model: 'm' }) });
const run: VerificationRun = {
  workspaceId: 'ws',
  modelId: 'M1',
  id: 'run-1',
  modelVersion: 1,
  commit: commit(1),
  receivedAt: NOW,
  outcome: { status: 'accepted', applied: true },
  tiers: [1, 2],
  results: [{ assertionId: 'X1', definitionDigest: latest.definitionDigest, tier1: latest.tier1, tier2: latest.tier2! }],
  sufficiency: [],
};
const posture = computePosture({ content: model, assertions: [x1], results: [latest], reviews: [], decisions: [], policy: { requiredLevel: 'tier1' }, now: NOW });

function data(over: Partial<ExportData> = {}): ExportData {
  return {
    workspaceId: 'ws',
    modelId: 'M1',
    version: { workspaceId: 'ws', modelId: 'M1', version: 1, createdAt: '2025-01-01T00:00:00.000Z', change: 'seeded', content: model },
    posture,
    results: [latest],
    history: [{ runId: 'run-1', at: NOW, modelVersion: 1, posture }],
    runs: [run],
    latestAccepted: run,
    assertions: [{ ...x1, digest: assertionDigest(x1) }],
    drift: [],
    findings: [{ workspaceId: 'ws', modelId: 'M1', id: 'F1', controlId: 'C1', title: HOSTILE, description: '', source: 'agent', status: 'dismissed', assertionIds: [], dismissReason: HOSTILE, createdAt: NOW, updatedAt: NOW, history: [] }],
    tool: { name: 'assay', version: '0.0.0' },
    ...over,
  };
}

describe('htmlReport', () => {
  it('escapes every piece of model text: no markup of its own reaches the page', () => {
    const page = htmlReport(data());
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<b ');
    expect(page).toContain(escapeHtml(HOSTILE));
    expect(escapeHtml(HOSTILE)).toBe('&lt;script&gt;x()&lt;/script&gt;&lt;b onclick=&quot;y()&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;');
  });

  it('shows each control with its evidence path:line, and one matrix cell per asset × attacker', () => {
    const page = htmlReport(data());
    expect(page).toContain('<code class="evidence-line">src/a b.ts:4-8</code>');
    expect(page.match(/<td class="cell /g)).toHaveLength(1);
    expect(page).toContain('@media print');
  });
});

describe('oscalAssessmentResults', () => {
  it('is a function of the records: the same input gives the same document, another workspace other UUIDs', () => {
    const doc = oscalAssessmentResults(data());
    expect(JSON.stringify(oscalAssessmentResults(data()))).toBe(JSON.stringify(doc));
    const uuid = (d: Record<string, unknown>) => (d['assessment-results'] as { uuid: string }).uuid;
    expect(uuid(doc)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuid(oscalAssessmentResults(data({ workspaceId: 'other' })))).not.toBe(uuid(doc));
  });

  it('without an applied run: one result for the posture as it stands, dated by the model version', () => {
    const ar = oscalAssessmentResults(data({ history: [], runs: [] }))['assessment-results'] as { results: Array<Record<string, unknown>> };
    expect(ar.results).toHaveLength(1);
    expect(ar.results[0]).toMatchObject({ title: 'Posture before any applied run', start: '2025-01-01T00:00:00.000Z' });
    expect(ar.results[0]).not.toHaveProperty('observations');
  });

  it('a dismissed finding is satisfied; property values are one trimmed line, empty ones dropped', () => {
    const ar = oscalAssessmentResults(data())['assessment-results'] as { results: Array<{ findings: Array<{ props: Array<{ name: string; value: string }>; target: { status: { state: string } } }> }> };
    const finding = ar.results[0]!.findings.find((f) => f.props.some((p) => p.name === 'finding-id'))!;
    expect(finding.target.status.state).toBe('satisfied');
    expect(finding.props.every((p) => /^\S(.*\S)?$/.test(p.value))).toBe(true);
    expect(finding.props.map((p) => p.name)).not.toContain('severity');
  });
});

describe('sarifOfLatestRun', () => {
  it('folds a Tier 2 failure in as the CLI does, located at the attested lines', () => {
    const log = sarifOfLatestRun(data()) as { runs: Array<{ results: Array<{ kind: string; message: { text: string }; locations: unknown[] }> }> };
    const [only] = log.runs[0]!.results;
    expect(only!.kind).toBe('fail');
    expect(only!.message.text).toBe('X1: Tier 2 (openai/m): only in a comment');
    expect(only!.locations).toEqual([{ physicalLocation: { artifactLocation: { uri: 'src/a%20b.ts', uriBaseId: 'PROJECTROOT' }, region: { startLine: 4, endLine: 8 } } }]);
  });

  it('has no results before any accepted run', () => {
    const log = sarifOfLatestRun(data({ latestAccepted: null })) as { runs: Array<{ results: unknown[] }> };
    expect(log.runs[0]!.results).toEqual([]);
  });
});
