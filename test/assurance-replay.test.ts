import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowIds } from '../temporal.config.js';
import { modelAssurance } from '../workflows/model-assurance.js';
import { commit, evidenceLoopFixture, fail, pass, signed, statementFor } from './support/evidence.js';
import { activityResults, type History } from './support/histories.js';
import { workflowBundle } from './support/platform.js';

/**
 * Histories recorded by earlier versions of the workflow (`ASSAY_RECORD_HISTORIES=1` writes this
 * run's to RECORDED): replaying them with this commit's code is what catches a change that would
 * break workflows already running (a reordered, added or renamed step) before it is deployed.
 * PREVIOUS holds those of the workflow before `decide-runs-locally`, which executions started
 * then still run.
 */
const RECORDED = fileURLToPath(new URL('./fixtures/assurance-histories/', import.meta.url));
const PREVIOUS = fileURLToPath(new URL('./fixtures/assurance-histories-previous/', import.meta.url));
const recorded = () => [RECORDED, PREVIOUS].flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => `${dir}${f}`));

// Histories recorded here and in fixtures, replayed with the workflow code of this commit.
describe('modelAssurance histories replay deterministically', () => {
  const loop = evidenceLoopFixture();

  const submit = async (n: number, verdict = pass()) =>
    (await loop.platform.services.runs.submit(loop.platform.workspaceId, loop.modelId, { envelope: signed(statementFor({ workspaceId: loop.platform.workspaceId, modelId: loop.modelId, commit: commit(n), entries: [{ definition: loop.definition, tier1: verdict }] }), loop.signer) }, 'test')).runId;
  async function settle(runId: string): Promise<string> {
    for (let i = 0; i < 300; i++) {
      const { status } = await loop.platform.services.assurance.runStatus(loop.platform.workspaceId, loop.modelId, runId);
      if (status !== 'pending' && status !== 'unknown') return status;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`run ${runId} was not decided`);
  }

  it('records a batch of queued runs, a continue-as-new and a drift, and replays every execution', async () => {
    const workflowId = workflowIds.modelAssurance(loop.platform.workspaceId, loop.modelId);
    await loop.platform.temporal.workflow.start(modelAssurance, { workflowId, taskQueue: loop.platform.taskQueue, args: [{ workspaceId: loop.platform.workspaceId, modelId: loop.modelId, runsPerExecution: 3 }] });
    // No worker yet: the three runs wait in the queue, so the worker decides them in one batch.
    const queued = [await submit(1), await submit(2), await submit(3)];
    await loop.platform.startWorker();
    for (const runId of queued) expect(await settle(runId)).toBe('accepted');
    // The next execution (after continue-as-new) applies a failing run: drift, a finding, its lifecycle workflow.
    expect(await settle(await submit(4, fail()))).toBe('accepted');
    expect(await loop.platform.stores.findings.list(loop.platform.workspaceId, loop.modelId)).toHaveLength(1);
    // Each run of the batch is recorded on its own: its own posture-history entry.
    const history = await loop.platform.stores.assurance.listPostureHistory(loop.platform.workspaceId, loop.modelId, { limit: 10 });
    expect(history.map((h) => h.runId).slice(0, 3)).toEqual(queued);

    const histories: Array<{ runId: string; history: History }> = [];
    for await (const execution of loop.platform.temporal.workflow.list({ query: `WorkflowId = "${workflowId}"` })) {
      histories.push({ runId: execution.runId, history: await loop.platform.temporal.workflow.getHandle(workflowId, execution.runId).fetchHistory() });
    }
    expect(histories.length).toBeGreaterThanOrEqual(2);

    const results = histories.flatMap(({ history }) => activityResults(history, 'decideRuns') as Array<Array<Record<string, unknown>>>);
    expect(results.map((batch) => batch.map((o) => o.runId))).toContainEqual(queued);
    // What travels through history per run is its verdict and effect, not results or posture.
    for (const outcome of results.flat()) expect(Object.keys(outcome).sort()).toEqual(expect.arrayContaining(['applicability', 'commit', 'runId', 'status']));
    expect(results.flat().some((o) => 'posture' in o || 'results' in o || 'verification' in o)).toBe(false);

    const bundle = await workflowBundle();
    for (const { runId, history } of histories) await Worker.runReplayHistory({ workflowBundle: bundle }, history, `${workflowId}/${runId}`);
    if (process.env.ASSAY_RECORD_HISTORIES === '1') {
      mkdirSync(RECORDED, { recursive: true });
      histories.forEach(({ history }, i) => writeFileSync(`${RECORDED}/model-assurance-${i + 1}.json`, JSON.stringify(history)));
    }
  }, 120_000);

  it.each(recorded())('replays the recorded history %s', async (file) => {
    // fromObject, not the SDK's JSON reader: this install holds two protobufjs copies, and that reader fails across them.
    const history = temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(file, 'utf8')));
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file);
  });
});
