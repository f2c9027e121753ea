import { relative } from 'node:path';
import { z } from 'zod';
import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition, CheckContext, CheckOutcome, SafeFile } from '../check.js';
import { wholeFileEvidence } from '../lines.js';
import { planRun, type Plan } from '../runners/commands.js';
import { detectRunnerForFiles, detectRunnerForProject, type RunnerName } from '../runners/detect.js';
import { readAll, resolveTargets } from '../scan/targets.js';

const { params } = ASSERTION_PARAMS.test_passes;

type Params = z.infer<typeof params>;

// Per run: identical runs are shared, and runs are serialised because suites often
// share ports, databases or build directories.
const runs = new WeakMap<CheckContext, { queue: Promise<unknown>; results: Map<string, Promise<CheckOutcome>> }>();

/** SPEC §4 row 21: the project's own runner exits 0 and reports at least one executed test. */
export const testPasses: AssertionTypeDefinition<typeof params> = {
  type: 'test_passes',
  params,
  async check(p, ctx) {
    if (!ctx.exec) return fail('running the project\'s tests is not enabled for this verification run');
    let files: SafeFile[] = [];
    if (p.files !== undefined) {
      const targets = await resolveTargets(ctx, { files: p.files });
      if (!targets.ok) return fail(targets.reason);
      if (targets.paths.length === 0) return fail(`no test file matches ${targets.label}`);
      const read = await readAll(ctx, targets.paths);
      if (!read.ok) return fail(read.reason);
      files = read.files;
    }
    const detected = files.length > 0 ? await detectRunnerForFiles(ctx, files) : await detectRunnerForProject(ctx);
    if (!detected.ok) return fail(detected.reason);
    const planned = await planRun(ctx, detected.runner, files, p.name);
    if (!planned.ok) return fail(planned.reason);

    const evidence = (files.length > 0 ? files : detected.marker ? [detected.marker] : []).map(wholeFileEvidence);
    const state = runs.get(ctx) ?? { queue: Promise.resolve(), results: new Map<string, Promise<CheckOutcome>>() };
    runs.set(ctx, state);
    const key = JSON.stringify([detected.runner, files.map((f) => f.path), p.name ?? null]);
    let outcome = state.results.get(key);
    if (!outcome) {
      outcome = state.queue.then(() => execute(ctx, detected.runner, planned.plan, p));
      state.queue = outcome.catch(() => undefined);
      state.results.set(key, outcome);
    }
    const result = await outcome;
    return { ...result, evidence };
  },
};

async function execute(ctx: CheckContext, runner: RunnerName, plan: Plan, p: Params): Promise<CheckOutcome> {
  const exec = ctx.exec;
  if (!exec) return fail('running the project\'s tests is not enabled for this verification run');
  const started = Date.now();
  const result = await exec.run(plan.request);
  if (!result.ok) return fail(`${runner}: ${result.reason}`);
  if (result.timedOut) return fail(`${runner} timed out after ${Math.round(exec.timeoutMs / 1000)} s and was killed`);
  const counts = plan.read(result);
  const code = result.exitCode ?? result.signal ?? 'unknown';
  const filter = p.name ? ` matching "${p.name}"` : '';
  if (!counts) return fail(`${runner} exited with ${code} and its report could not be read`);
  if (counts.unexpected?.length) {
    const others = counts.unexpected.map((f) => relative(ctx.root, f)).slice(0, 3).join(', ');
    return fail(`${runner} also ran test files that were not selected (${others}): a run of other files proves nothing about the selected ones`);
  }
  if (result.exitCode !== 0 || counts.failed > 0) {
    return fail(`${runner} exited with ${code}: ${counts.failed} of ${counts.executed} test(s)${filter} failed`);
  }
  if (counts.executed === 0) return fail(`${runner} exited with 0 but executed no test${filter}; a run without tests proves nothing`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { verdict: 'pass', details: `${runner}: ${counts.executed} test(s)${filter} passed in ${seconds} s`, evidence: [] };
}

function fail(details: string): CheckOutcome {
  return { verdict: 'fail', details, evidence: [] };
}
