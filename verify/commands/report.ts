import type { Env } from '../envelope/index.js';
import type { CliIO } from '../io.js';
import { connectPlatform } from '../platform/connect.js';

export interface ReportOptions {
  model: string;
  output: string;
  apiUrl?: string;
  apiKey?: string;
  env: Env;
}

/** `assay-verify report <model>`: the platform's verification report, as JSON or a short text summary. */
export async function reportCommand(options: ReportOptions, io: CliIO): Promise<void> {
  const platform = connectPlatform(options);
  const report = await platform.report(options.model);
  if (options.output === 'json') {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const lines = [
    `model ${options.model}, version ${report.modelVersion}; last run ${report.lastRun?.commit.slice(0, 12) ?? 'none'}`,
    `tier 1: ${report.tiers.tier1.passed} passed, ${report.tiers.tier1.failed} failed; tier 2: ${report.tiers.tier2.skipped} skipped`,
    ...Object.entries(report.controlsByLevel).map(([level, ids]) => `controls ${level}: ${ids.join(', ')}`),
    ...report.drift.slice(0, 10).map((d) => `${d.kind}: ${d.level} ${d.subjectId} at ${d.toCommit.slice(0, 12)}`),
    ...report.sufficiencyGaps.map((g) => `gap: ${g.controlId} lacks ${g.uncoveredCriteria.join('; ')}`),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
}
