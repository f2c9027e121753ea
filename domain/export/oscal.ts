import { canonicalJson, sha256Hex } from '../canonical-json.js';
import { compareStrings } from '../ids.js';
import { URL_NAMESPACE, nameUuid } from '../name-uuid.js';
import type { Evidence } from '../schemas/assertion.js';
import type { Finding } from '../schemas/finding.js';
import type { ObjectivePosture, Posture } from '../schemas/posture.js';
import type { RunAssertionResult, VerificationRun } from '../schemas/verification.js';
import type { ExportData, PostureWindow } from './export-data.js';

/** The OSCAL release whose assessment-results model this document follows. */
export const OSCAL_VERSION = '1.1.3';
/** Namespace of Assay's own property names (OSCAL requires one for names it does not define). */
export const ASSAY_OSCAL_NS = 'https://assay.dev/ns/oscal';
const ROOT = nameUuid(URL_NAMESPACE, ASSAY_OSCAL_NS);

type Json = Record<string, unknown>;

/** OSCAL property values are one line with no outer spaces; an empty one is left out. */
function props(entries: Record<string, string | number | undefined>): Json[] {
  return Object.entries(entries).flatMap(([name, raw]) => {
    const value = raw === undefined ? '' : String(raw).replace(/\s+/g, ' ').trim();
    return value ? [{ name, value, ns: ASSAY_OSCAL_NS }] : [];
  });
}
/** OSCAL arrays hold at least one item: an empty one is left out. */
const some = (key: string, items: unknown[]): Json => (items.length > 0 ? { [key]: items } : {});
const text = (value: string | undefined, fallback: string) => (value?.trim() ? value : fallback);
const passes = (r: RunAssertionResult) => r.tier1.verdict === 'pass' && !r.tier1.error && (!r.tier2 || (r.tier2.verdict === 'pass' && !r.tier2.error));

/**
 * The model's assessment as an OSCAL 1.1.3 assessment-results document. Rule: one result per
 * applied run, covering the window from that run until the next applied run (the last one is
 * open); before any applied run, one result for the posture as it stands. Each result has an
 * observation per assertion result of its run (evidence as back-matter resources with their
 * sha256), a risk per control objective (its tier; closed when mitigated), and a finding per
 * objective not mitigated; the newest result also carries Assay's findings. Every UUID is a
 * version 5 UUID of the ids it stands for, and nothing reads the clock, so exporting the same
 * records twice gives the same document.
 */
export function oscalAssessmentResults(data: ExportData): Json {
  const scope = (...parts: string[]) => nameUuid(ROOT, [data.workspaceId, data.modelId, ...parts].join('/'));
  const content = data.version.content;
  const runs = new Map(data.runs.map((r) => [r.id, r]));
  const assertions = new Map(data.assertions.map((a) => [a.id, a]));
  const objectives = new Map(content.objectives.map((o) => [o.id, o]));
  const assets = new Map(content.assets.map((a) => [a.id, a]));
  const attackers = new Map(content.attackers.map((t) => [t.id, t]));
  const evidence = new Map<string, Json>();

  // Keyed by file and digest: thousands of results cite the same few files.
  const resourceOf = new Map<string, string>();
  const evidenceRef = (e: Evidence) => {
    const key = `${e.path}\n${e.sha256}`;
    let uuid = resourceOf.get(key);
    if (!uuid) {
      uuid = scope('evidence', e.path, e.sha256);
      resourceOf.set(key, uuid);
      evidence.set(uuid, {
        uuid,
        title: e.path,
        description: `${e.path} as CI attested it (sha256 ${e.sha256}); the platform never holds the file itself.`,
        rlinks: [{ href: e.path.split('/').map(encodeURIComponent).join('/'), hashes: [{ algorithm: 'SHA-256', value: e.sha256 }] }],
      });
    }
    const lines = e.startLine > 0 ? `:${e.startLine}-${Math.max(e.endLine, e.startLine)}` : '';
    return { href: `#${uuid}`, description: `${e.path}${lines} (sha256 ${e.sha256})` };
  };

  const observation = (run: VerificationRun, r: RunAssertionResult): Json => {
    const a = assertions.get(r.assertionId);
    const cited = [...r.tier1.evidence, ...(r.tier2?.evidence ?? [])];
    return {
      uuid: scope('observation', run.id, r.assertionId),
      title: `${r.assertionId}: ${a?.type ?? 'assertion'}`,
      description: text(r.tier1.details, `${r.assertionId} was verified at ${run.commit ?? 'an unnamed commit'}`),
      props: props({
        'assertion-id': r.assertionId,
        'control-id': a?.controlId,
        'assumption-id': a?.assumptionId,
        verdict: passes(r) ? 'pass' : 'fail',
        'tier1-verdict': r.tier1.error ? `${r.tier1.verdict} (${r.tier1.error})` : r.tier1.verdict,
        'tier2-verdict': r.tier2 ? (r.tier2.error ? `${r.tier2.verdict} (${r.tier2.error})` : r.tier2.verdict) : undefined,
        'tier2-model': r.tier2?.model,
        'definition-digest': r.definitionDigest,
        commit: run.commit,
        'run-id': run.id,
      }),
      methods: ['TEST'],
      ...some('relevant-evidence', cited.map(evidenceRef)),
      collected: run.receivedAt,
    };
  };

  const objectiveName = (id: string) => {
    const o = objectives.get(id);
    return o ? `${id}: ${assets.get(o.assetId)?.name ?? o.assetId} against ${attackers.get(o.attackerId)?.name ?? o.attackerId}` : id;
  };
  const risk = (key: string, o: ObjectivePosture): Json => {
    const objective = objectives.get(o.objectiveId);
    return {
      uuid: scope('risk', key, o.objectiveId),
      title: objectiveName(o.objectiveId),
      description: text(objective?.statement, `Control objective ${o.objectiveId}`),
      statement: `Risk tier ${o.riskTier}: posture ${o.status}${o.reasons.length ? ` (${o.reasons.join(', ')})` : ''}.`,
      props: props({ 'objective-id': o.objectiveId, 'risk-tier': o.riskTier, 'posture-status': o.status, reasons: o.reasons.join(' ') }),
      status: o.status === 'mitigated' ? 'closed' : 'open',
    };
  };

  const result = (window: PostureWindow | null, next: PostureWindow | undefined, latest: boolean): Json => {
    const key = window?.runId ?? 'current';
    const posture: Posture = window?.posture ?? data.posture;
    const run = window ? runs.get(window.runId) : undefined;
    const observations = run ? run.results.map((r) => observation(run, r)) : [];
    const observationOf = new Map((run?.results ?? []).map((r, i) => [r.assertionId, observations[i]!.uuid as string]));
    const controlsOf = (objectiveId: string) => content.controls.filter((c) => c.objectiveIds.includes(objectiveId)).map((c) => c.id);
    const related = (assertionIds: string[]) => some('related-observations', assertionIds.flatMap((id) => (observationOf.has(id) ? [{ 'observation-uuid': observationOf.get(id) }] : [])));
    const assertionsOfControls = (controlIds: string[]) => data.assertions.filter((a) => a.controlId && controlIds.includes(a.controlId)).map((a) => a.id);
    const objectiveFindings = posture.objectives
      .filter((o) => o.status !== 'mitigated')
      .map((o) => ({
        uuid: scope('finding', key, o.objectiveId),
        title: `${objectiveName(o.objectiveId)} is ${o.status.replace('_', ' ')}`,
        description: o.reasons.length ? `Why: ${o.reasons.join(', ')} (reason codes of Assay's domain/README.md).` : `${o.objectiveId} is ${o.status}.`,
        props: props({ 'objective-id': o.objectiveId, 'risk-tier': o.riskTier }),
        target: { type: 'objective-id', 'target-id': o.objectiveId, status: { state: 'not-satisfied', reason: o.status === 'unassessed' ? 'other' : 'fail' } },
        ...related(assertionsOfControls(controlsOf(o.objectiveId))),
        'related-risks': [{ 'risk-uuid': scope('risk', key, o.objectiveId) }],
      }));
    const controlIds = posture.controls.filter((c) => !c.orphaned).map((c) => c.controlId).sort(compareStrings);
    const s = posture.summary.overall;
    return {
      uuid: scope('result', key),
      title: run ? `Run ${run.id} at commit ${run.commit ?? 'unknown'}` : 'Posture before any applied run',
      description: run
        ? `Posture after applying run ${run.id} (model version ${window!.modelVersion}), in force ${next ? `until run ${next.runId} was applied` : 'since then'}.`
        : 'No verification run has been applied to this model yet: the posture as the model stands.',
      start: window?.at ?? data.version.createdAt,
      ...(next ? { end: next.at } : {}),
      props: props({ 'run-id': run?.id, commit: run?.commit, 'model-version': window?.modelVersion ?? data.version.version, mitigated: s.mitigated, 'at-risk': s.at_risk, unassessed: s.unassessed }),
      'reviewed-controls': { 'control-selections': [controlIds.length ? { 'include-controls': controlIds.map((id) => ({ 'control-id': id })) } : { 'include-all': {} }] },
      ...some('observations', observations),
      ...some('risks', posture.objectives.map((o) => risk(key, o))),
      ...some('findings', [...objectiveFindings, ...(latest ? data.findings.map((f) => assayFinding(f, scope, related)) : [])]),
    };
  };

  const windows = data.history;
  const results = windows.length ? windows.map((w, i) => result(w, windows[i + 1], i === windows.length - 1)) : [result(null, undefined, true)];
  const modelResource = scope('model-version', String(data.version.version));
  const lastModified = [data.version.createdAt, ...windows.map((w) => w.at), ...data.findings.map((f) => f.updatedAt)].sort().at(-1)!;
  return {
    'assessment-results': {
      uuid: scope('assessment-results'),
      metadata: {
        title: `Assay assessment results: ${content.title}`,
        'last-modified': lastModified,
        version: `${data.modelId} version ${data.version.version}`,
        'oscal-version': OSCAL_VERSION,
        props: props({ 'model-id': data.modelId, 'workspace-id': data.workspaceId, generator: `${data.tool.name} ${data.tool.version}` }),
      },
      // Assay keeps no OSCAL assessment plan: the threat model version stands in for it.
      'import-ap': { href: `#${modelResource}` },
      results,
      'back-matter': {
        resources: [
          {
            uuid: modelResource,
            title: `Threat model ${data.modelId} version ${data.version.version}: ${content.title}`,
            description: 'The threat model the assessment follows (assets × attackers → control objectives → controls); the hash is sha256 of its RFC 8785 canonical JSON.',
            rlinks: [
              {
                href: `/api/models/${encodeURIComponent(data.modelId)}/versions/${data.version.version}`,
                hashes: [{ algorithm: 'SHA-256', value: sha256Hex(canonicalJson(content)) }],
              },
            ],
          },
          ...[...evidence.values()].sort((a, b) => compareStrings(a.uuid as string, b.uuid as string)),
        ],
      },
    },
  };
}

function assayFinding(f: Finding, scope: (...parts: string[]) => string, related: (assertionIds: string[]) => Json): Json {
  const closed = f.status === 'verified' || f.status === 'dismissed';
  return {
    uuid: scope('assay-finding', f.id),
    title: `${f.id}: ${f.title}`,
    description: text(f.description, f.title),
    props: props({ 'finding-id': f.id, 'control-id': f.controlId, 'finding-status': f.status, source: f.source, severity: f.severity, 'dismiss-reason': f.dismissReason }),
    target: { type: 'statement-id', 'target-id': f.controlId, status: { state: closed ? 'satisfied' : 'not-satisfied', ...(f.status === 'dismissed' ? { reason: 'other' } : {}) } },
    ...related(f.assertionIds),
  };
}
