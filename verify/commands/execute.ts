import { EXIT_FAIL, ExitError } from '../errors.js';
import type { CommonOptions } from '../cli.js';
import type { CliIO } from '../io.js';
import { overallSummary } from '../report/json.js';
import { progressBar } from '../report/progress.js';
import type { OutputFormat } from '../report/formats.js';
import { renderReport } from '../report/render.js';
import { createCheckContext } from '../tier1/context.js';
import { runTiers, type TieredAssertion } from '../tier2/run-tiers.js';
import type { ControlContext } from '../tier2/sufficiency.js';
import { TOOL } from '../version.js';
import { describeTier2, tier2SetupFor } from './tier2.js';

/**
 * Shared by `verify` and `check`: one context for the run, every assertion checked (Tier 1, then
 * Tier 2 and the sufficiency reviews when a provider is configured), the report on stdout, and
 * exit code 1 when anything failed.
 */
export async function executeAssertions(assertions: readonly TieredAssertion[], controls: readonly ControlContext[], options: CommonOptions, io: CliIO): Promise<void> {
  const setup = tier2SetupFor(options, io);
  const ctx = await createCheckContext({ root: options.projectRoot, tests: { timeoutMs: options.testTimeoutSeconds * 1000 } });
  const format = options.output as OutputFormat;
  const progress = format === 'text' && io.stdout.isTTY && io.stderr.isTTY ? progressBar(io.stderr, io.color) : undefined;
  try {
    const { tier1, tier2 } = await runTiers(assertions, controls, ctx, setup, progress?.update);
    progress?.done();
    const report = { tool: TOOL, root: ctx.root, assertions, results: tier1, color: io.color, tier2 };
    io.stdout.write(renderReport(format, report));
    io.stderr.write(describeTier2(tier2));
    if (overallSummary(report).failed > 0) throw new ExitError(EXIT_FAIL);
  } finally {
    ctx.parsed.dispose();
  }
}
