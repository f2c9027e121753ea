import { sarifLog } from '../sarif.js';
import type { TierResult } from '../schemas/assertion.js';
import { foldTier2Rows } from '../tier2-rows.js';
import type { ExportData } from './export-data.js';

/**
 * SARIF 2.1.0 of the model's latest accepted run, with the CLI's rules and ids (domain/sarif.ts,
 * domain/tier2-rows.ts): a row per assertion result, Tier 2 folded in, a row per sufficiency gap,
 * located by the evidence CI attested. Without an accepted run the log has no results.
 */
export function sarifOfLatestRun(data: ExportData): Record<string, unknown> {
  const run = data.latestAccepted;
  const assertions = new Map(data.assertions.map((a) => [a.id, a]));
  const results = run?.results ?? [];
  const rows = {
    assertions: results.map((r) => {
      const a = assertions.get(r.assertionId);
      return { id: r.assertionId, type: a?.type ?? 'unknown', params: a?.params ?? {}, description: a?.description };
    }),
    results: results.map((r) => ({ id: r.assertionId, type: assertions.get(r.assertionId)?.type ?? 'unknown', verdict: r.tier1.error ? ('fail' as const) : r.tier1.verdict, details: r.tier1.details, evidence: r.tier1.evidence })),
  };
  const folded = foldTier2Rows(rows, {
    results: results.map((r) => r.tier2),
    controlIds: results.map((r) => assertions.get(r.assertionId)?.controlId),
    sufficiency: run?.sufficiency ?? [],
    label: (t2: TierResult) => `${t2.provider ?? 'unknown'}/${t2.model ?? 'unknown'}`,
  });
  return sarifLog({
    tool: data.tool,
    rows: folded.results.map((r, i) => ({ ...r, description: folded.assertions[i]?.description })),
    root: { description: `the repository root at commit ${run?.commit ?? '(no accepted run)'}; the platform holds digests, never files` },
    extra: {
      automationDetails: { id: `assay/${data.modelId}/${run?.id ?? 'none'}` },
      properties: { modelId: data.modelId, modelVersion: run?.modelVersion ?? data.version.version, ...(run ? { runId: run.id, commit: run.commit, receivedAt: run.receivedAt } : {}) },
    },
  });
}
