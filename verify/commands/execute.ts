import { EXIT_FAIL, ExitError, UsageError } from '../errors.js';
import type { CommonOptions } from '../cli.js';
import type { CliIO } from '../io.js';
import { progressBar } from '../report/progress.js';
import { renderReport, type OutputFormat } from '../report/render.js';
import { createCheckContext, ProjectRootError } from '../tier1/context.js';
import { TIER1_REGISTRY } from '../tier1/registry.js';
import { runTier1, type IdentifiedAssertion } from '../tier1/run.js';
import { TOOL } from '../version.js';

/**
 * Shared by `verify` and `check`: one context for the run, every assertion checked,
 * the report on stdout, and exit code 1 when anything failed.
 */
export async function executeAssertions(assertions: readonly IdentifiedAssertion[], options: CommonOptions, io: CliIO): Promise<void> {
  const ctx = await createCheckContext({ root: options.projectRoot, tests: { timeoutMs: options.testTimeoutSeconds * 1000 } }).catch((error: unknown) => {
    throw error instanceof ProjectRootError ? new UsageError(error.message) : error;
  });
  const format = options.output as OutputFormat;
  const progress = format === 'text' && io.stdout.isTTY && io.stderr.isTTY ? progressBar(io.stderr, io.color) : undefined;
  try {
    const results = await runTier1(assertions, ctx, TIER1_REGISTRY, { onSettled: progress?.update });
    progress?.done();
    io.stdout.write(renderReport(format, { tool: TOOL, root: ctx.root, assertions, results, color: io.color }));
    if (results.some((r) => r.verdict !== 'pass')) throw new ExitError(EXIT_FAIL);
  } finally {
    ctx.parsed.dispose();
  }
}
