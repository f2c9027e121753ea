import type { SufficiencyDecision } from '../domain/schemas/sufficiency.js';
import type { AssertionStore, StoredAssertion } from './assertions.js';
import { BoundedCache } from './bounded-cache.js';
import { documentKey } from './document-keys.js';
import type { SufficiencyDecisionStore } from './sufficiency-decisions.js';

/** A model's evidence as its posture reads it: live assertions and admin decisions. */
export interface ModelEvidence {
  live: StoredAssertion[];
  decisions: SufficiencyDecision[];
}

/**
 * Evidence is held while the model's evidence revision stands, and at most this long: a writer
 * that died between making its change visible and bumping the revision is read within it.
 */
export const EVIDENCE_MAX_AGE_MS = 30_000;

/**
 * Per model, the evidence last read and the revision it was read at, so a posture is not
 * recomputed from a scan of the model's assertions and decisions (every filtered read on FerretDB
 * is one) while nothing announced a change. Concurrent reads at one revision share one read.
 */
export function createHeldEvidence(stores: { assertions: AssertionStore; sufficiencyDecisions: SufficiencyDecisionStore }, capacity: number, clock: () => number = Date.now) {
  const held = new BoundedCache<{ revision: string; readAt: number; evidence: Promise<ModelEvidence> }>(capacity);
  return {
    /** The evidence at `revision` (read from the store before calling): held when read at it, else read now, so at least that new. */
    read(workspaceId: string, modelId: string, revision: string): Promise<ModelEvidence> {
      const key = documentKey(workspaceId, modelId);
      const entry = held.get(key);
      if (entry && entry.revision === revision && clock() - entry.readAt < EVIDENCE_MAX_AGE_MS) return entry.evidence;
      const read = {
        revision,
        readAt: clock(),
        evidence: Promise.all([stores.assertions.list(workspaceId, modelId), stores.sufficiencyDecisions.list(workspaceId, modelId)]).then(([live, decisions]) => ({ live, decisions })),
      };
      held.set(key, read);
      read.evidence.catch(() => held.get(key) === read && held.delete(key));
      return read.evidence;
    },
  };
}

export type HeldEvidence = ReturnType<typeof createHeldEvidence>;
