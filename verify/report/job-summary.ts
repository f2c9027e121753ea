import { RISK_TIERS } from '../../domain/risk.js';
import type { CiReport } from '../../domain/ci-contract.js';
import type { ModelRun } from './models.js';
import { qualifiedId } from './models.js';
import { primaryLocation, summarise } from './render.js';
import type { SourceLink } from './source-links.js';

/** What the summary shows of the platform's report: posture per risk tier and the drift events. */
export type PlatformReport = Pick<CiReport, 'summary' | 'drift'>;

export interface JobSummaryInput {
  models: readonly ModelRun[];
  /** The platform's report per model, read after its decision (absent on a dry run or when unreachable). */
  reports: ReadonlyMap<string, PlatformReport>;
  link: SourceLink;
}

// Details and ids come from the checked code (names, paths): escaped so they cannot inject markup.
const md = (text: string) => text.replace(/\r?\n/g, ' ').replace(/([\\`*_[\]<>|#!~])/g, '\\$1');
const MAX_FAILURES = 100;

/**
 * The Markdown job summary (`$GITHUB_STEP_SUMMARY`): per model, posture by risk tier, the failed
 * assertions with links to file:line at the commit, and the drift this run caused.
 */
export function renderJobSummary(input: JobSummaryInput): string {
  const total = summarise(input.models.flatMap((m) => m.results));
  const out = [`## Assay verification: ${total.passed} of ${total.total} assertion(s) passed, ${total.failed} failed`, ''];
  for (const model of input.models) out.push(...modelSection(model, input.reports.get(model.modelId), input.link));
  return `${out.join('\n')}\n`;
}

function modelSection(model: ModelRun, report: PlatformReport | undefined, link: SourceLink): string[] {
  const s = summarise(model.results);
  const v = model.platformVerdict;
  const kept = v?.applied === false ? ' but not applied to posture' : '';
  const verdict = v ? `run \`${model.runId?.slice(0, 12)}\` ${md(v.status)}${kept}${v.reason ? `: ${md(v.reason)}` : ''}` : 'dry run, not submitted';
  const lines = [`### ${md(model.modelId)} (version ${model.modelVersion}): ${s.passed}/${s.total} passed; ${verdict}`, ''];

  if (report?.summary) {
    lines.push('| Risk tier | Objectives | Mitigated | At risk | Unassessed |', '|---|---:|---:|---:|---:|');
    for (const tier of RISK_TIERS) {
      const t = report.summary.byTier[tier];
      if (t && t.total > 0) lines.push(`| ${tier} | ${t.total} | ${t.mitigated} | ${t.at_risk} | ${t.unassessed} |`);
    }
    const o = report.summary.overall;
    lines.push(`| **all** | ${o.total} | ${o.mitigated} | ${o.at_risk} | ${o.unassessed} |`, '');
  } else lines.push('Posture: not available from the platform.', '');

  const failed = model.results.map((r, i) => ({ r, a: model.assertions[i] })).filter(({ r }) => r.verdict !== 'pass');
  if (failed.length > 0) {
    lines.push('**Failed assertions**', '', '| Assertion | Type | Where | Details |', '|---|---|---|---|');
    for (const { r, a } of failed.slice(0, MAX_FAILURES)) {
      const at = primaryLocation(a, r);
      const label = at ? `${at.path}${at.startLine ? `:${at.startLine}` : ''}` : '';
      const url = at && link(at.path, at.startLine, at.endLine);
      lines.push(`| ${md(qualifiedId(model.modelId, r.id))} | ${md(r.type)} | ${url ? `[${md(label)}](${url})` : md(label)} | ${md(r.details)} |`);
    }
    if (failed.length > MAX_FAILURES) lines.push('', `… and ${failed.length - MAX_FAILURES} more (see the SARIF or JSON report).`);
    lines.push('');
  }

  if (report) {
    const events = report.drift.filter((d) => model.runId !== null && d.toRunId === model.runId);
    if (events.length === 0) lines.push('No drift since the last run.', '');
    else {
      lines.push('**Drift since the last run**', '');
      for (const d of events) {
        const what = d.kind === 'drift' ? 'passed before, fails now' : 'failed before, passes now';
        lines.push(`- ${d.kind}: ${d.level} ${md(d.subjectId)} (${what}; ${d.fromCommit.slice(0, 12)} → ${d.toCommit.slice(0, 12)})`);
      }
      lines.push('');
    }
  }
  return lines;
}
