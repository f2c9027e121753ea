import { BoundedCache } from '../store/bounded-cache.js';
import { headOf, type AssuranceHead, type AssuranceSnapshot } from '../store/assurance.js';
import { createHeldEvidence } from '../store/held-evidence.js';
import type { Stores } from '../store/index.js';
import type { LastApplied } from './run-verification.js';

/** The stored state a batch builds on: the model's snapshot and the last applied run's place. */
export interface ModelState {
  snapshot: AssuranceSnapshot | null;
  lastApplied: LastApplied | undefined;
}

/** Models a worker process holds state for; a few MB each at 1,000 results. */
const HELD_MODELS = 64;

const sameHead = (a: AssuranceHead | null, b: AssuranceHead) => a !== null && a.updatedAt === b.updatedAt && a.runId === b.runId && a.modelVersion === b.modelVersion;

/**
 * What a worker process last read or wrote of each model, reused by the next batch while the
 * store says it still stands, so a batch does not re-scan a model's assertions and decisions or
 * re-decode its snapshot (FerretDB decodes a whole document, ~0.7 MB at 1,000 results). Trust
 * material (CI keys, trusted identities, policy) is never held here: it is read for every batch.
 */
export function createHeldModelState(stores: Stores, clock: () => number = Date.now) {
  const { assurance, runs } = stores;
  const evidence = createHeldEvidence(stores, HELD_MODELS, clock);
  const states = new BoundedCache<ModelState & { head: AssuranceHead }>(HELD_MODELS);
  const keyOf = (workspaceId: string, modelId: string) => JSON.stringify([workspaceId, modelId]);

  return {
    /** The model's evidence with every change logged before the call (store/held-evidence.ts). */
    evidence: evidence.read,

    /**
     * The stored state a batch starts from. Taken, not peeked: a batch that fails part-way leaves
     * nothing held, so its retry (or the next batch) reads what the store has. Held state is used
     * only when the model's head names the snapshot it holds (another worker may have moved it).
     */
    async take(workspaceId: string, modelId: string): Promise<ModelState> {
      const key = keyOf(workspaceId, modelId);
      const held = states.get(key);
      states.delete(key);
      if (held && sameHead(await assurance.getHead(workspaceId, modelId), held.head)) return { snapshot: held.snapshot, lastApplied: held.lastApplied };
      const snapshot = await assurance.getSnapshot(workspaceId, modelId);
      const runId = snapshot?.verification.run?.runId;
      const run = runId ? await runs.getRun(workspaceId, runId) : null;
      return { snapshot, lastApplied: run?.commit ? { commit: run.commit, ancestry: run.source?.ancestry ?? [] } : undefined };
    },

    /** After a batch has stored everything: the state the next batch starts from. */
    hold(workspaceId: string, modelId: string, state: ModelState & { snapshot: AssuranceSnapshot }): void {
      states.set(keyOf(workspaceId, modelId), { ...state, head: headOf(state.snapshot) });
    },
  };
}

export type HeldModelState = ReturnType<typeof createHeldModelState>;
