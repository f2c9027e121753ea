import type { CommonOptions } from '../cli.js';
import { EXIT_FAIL, ExitError, UsageError } from '../errors.js';
import type { CliIO } from '../io.js';
import type { Tier2Report } from '../tier2/run-tiers.js';
import { resolveTier2, Tier2ConfigError, type Tier2Setup } from '../tier2/setup.js';

/** Tier 2 as the options ask for it; `--require-tier2` without a provider ends the run with exit 1. */
export function tier2SetupFor(options: CommonOptions, io: CliIO): Tier2Setup {
  let setup: Tier2Setup;
  try {
    setup = resolveTier2(options.tier2, options.tier2Env, options.projectRoot);
  } catch (error) {
    throw error instanceof Tier2ConfigError ? new UsageError(error.message) : error;
  }
  if (!setup.enabled && setup.require && setup.status.status === 'skipped') {
    io.stderr.write(`error: --require-tier2: ${setup.status.reason}\n`);
    throw new ExitError(EXIT_FAIL);
  }
  return setup;
}

/** One stderr line: whether Tier 2 ran, with what, and what it cost. */
export function describeTier2(report: Tier2Report): string {
  if (report.status.status === 'skipped') return `Tier 2: skipped (${report.status.reason})\n`;
  const u = report.usage;
  const cost = u ? `: ${u.calls} call(s), ${u.cacheHits} cache hit(s), ${u.inputTokens} input / ${u.outputTokens} output tokens` : '';
  return `Tier 2: ${report.status.provider}/${report.status.model}${cost}\n`;
}
