import type { Db } from 'mongodb';
import { z } from 'zod';
import { counterClaim, counterHint, nextCounterValue } from './counters.js';

/**
 * What changed in a model's evidence, logged once the change is visible: assertions added (by
 * id), one withdrawn, or a sufficiency decision recorded (decisions are few: re-read whole).
 */
export const EvidenceChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('assertions_added'), ids: z.array(z.string().min(1)).min(1) }),
  z.object({ kind: z.literal('assertion_withdrawn'), id: z.string().min(1) }),
  z.object({ kind: z.literal('decision_recorded') }),
]);
export type EvidenceChange = z.infer<typeof EvidenceChangeSchema>;

const sequenceOf = (workspaceId: string, modelId: string) => `evidence/${workspaceId}/${modelId}`;

/**
 * Appends a change to the model's evidence log. Each entry is the claim of the sequence's next
 * number (store/counters.ts), an insert under a unique `_id`: the one write FerretDB v1 makes
 * atomically (it applies updates read-modify-write without isolation; 40 concurrent `$inc` of one
 * document gave 4), so no entry is ever lost or overwritten, and numbers are claimed without gaps.
 */
export async function logEvidenceChange(db: Db, workspaceId: string, modelId: string, change: EvidenceChange): Promise<void> {
  await nextCounterValue(db, sequenceOf(workspaceId, modelId), { change: EvidenceChangeSchema.parse(change) });
}

/**
 * Reads of models' evidence logs. Entries are numbered 1, 2, … without gaps, so whether anything
 * changed since entry n is one `_id` read of entry n + 1.
 */
export function createEvidenceLogStore(db: Db) {
  const entry = async (workspaceId: string, modelId: string, n: number) => {
    const claim = await counterClaim(db, sequenceOf(workspaceId, modelId), n);
    return claim ? EvidenceChangeSchema.parse(claim.change) : null;
  };
  return {
    async ensureIndexes(): Promise<void> {},
    /** The newest entry's number (0: none yet): from the sequence's hint, which may trail, then forward. */
    async latest(workspaceId: string, modelId: string): Promise<number> {
      let n = await counterHint(db, sequenceOf(workspaceId, modelId));
      while (await entry(workspaceId, modelId, n + 1)) n++;
      return n;
    },
    /**
     * The changes after entry `n`, oldest first, with the newest number; null when more than
     * `limit` followed (reading the evidence whole is then cheaper than entry by entry).
     */
    async after(workspaceId: string, modelId: string, n: number, limit: number): Promise<{ latest: number; changes: EvidenceChange[] } | null> {
      const first = await entry(workspaceId, modelId, n + 1);
      if (!first) return { latest: n, changes: [] };
      // Something changed: the hint tells at once whether far more did, and entries up to it
      // exist (it trails the newest claim), so those are read together.
      const hint = await counterHint(db, sequenceOf(workspaceId, modelId));
      if (hint - n > limit) return null;
      const known = await Promise.all(Array.from({ length: Math.max(0, hint - n - 1) }, (_, i) => entry(workspaceId, modelId, n + 2 + i)));
      const changes = [first];
      for (const change of known) {
        if (!change) return { latest: n + changes.length, changes };
        changes.push(change);
      }
      for (let next = n + changes.length + 1; ; next++) {
        const change = await entry(workspaceId, modelId, next);
        if (!change) return { latest: next - 1, changes };
        if (changes.length === limit) return null;
        changes.push(change);
      }
    },
  };
}

export type EvidenceLogStore = ReturnType<typeof createEvidenceLogStore>;
