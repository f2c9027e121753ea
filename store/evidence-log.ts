import type { Db } from 'mongodb';
import { z } from 'zod';
import { claimCounterValues, counterClaimsFrom, counterHint, nextCounterValue } from './counters.js';

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

/** The counter key of a model's evidence log (store/counters.ts). */
export const evidenceSequenceOf = (workspaceId: string, modelId: string) => `evidence/${workspaceId}/${modelId}`;

/**
 * Appends a change to the model's evidence log. Each entry is the claim of the sequence's next
 * number (store/counters.ts), an insert under a unique `_id`: the one write FerretDB v1 makes
 * atomically (it applies updates read-modify-write without isolation; 40 concurrent `$inc` of one
 * document gave 4), so no entry is ever lost or overwritten, and numbers are claimed without gaps.
 */
export async function logEvidenceChange(db: Db, workspaceId: string, modelId: string, change: EvidenceChange): Promise<void> {
  await nextCounterValue(db, evidenceSequenceOf(workspaceId, modelId), { change: EvidenceChangeSchema.parse(change) });
}

/**
 * logEvidenceChange's claim alone, from a hint read earlier (store/counters.ts counterHints): the
 * entry's number, whose hint the caller moves (moveCounterHints), with other hints in one command.
 */
export async function claimEvidenceEntry(db: Db, workspaceId: string, modelId: string, change: EvidenceChange, hint: number | undefined): Promise<number> {
  const [n] = await claimCounterValues(db, evidenceSequenceOf(workspaceId, modelId), 1, { change: EvidenceChangeSchema.parse(change) }, hint);
  return n!;
}

/**
 * Entries read per command while bringing a model forward: more than a model usually gains
 * between two reads, so one read both finds the changes and shows that no more follow.
 */
const ENTRIES_PER_READ = 8;

/**
 * Reads of models' evidence logs. Entries are numbered 1, 2, … without gaps, and one is visible
 * only once every entry before it is, so whether anything changed since entry n is one `_id` read
 * of the entries after it.
 */
export function createEvidenceLogStore(db: Db) {
  const entriesFrom = async (workspaceId: string, modelId: string, from: number, count: number): Promise<EvidenceChange[]> =>
    (await counterClaimsFrom(db, evidenceSequenceOf(workspaceId, modelId), from, count)).map((claim) => EvidenceChangeSchema.parse(claim.change));
  return {
    async ensureIndexes(): Promise<void> {},
    /** The newest entry's number (0: none yet): from the sequence's hint, which may trail, then forward. */
    async latest(workspaceId: string, modelId: string): Promise<number> {
      let n = await counterHint(db, evidenceSequenceOf(workspaceId, modelId));
      for (;;) {
        const found = await counterClaimsFrom(db, evidenceSequenceOf(workspaceId, modelId), n + 1, ENTRIES_PER_READ);
        n += found.length;
        if (found.length < ENTRIES_PER_READ) return n;
      }
    },
    /**
     * The changes after entry `n`, oldest first, with the newest number; null when more than
     * `limit` followed (reading the evidence whole is then cheaper than entry by entry).
     */
    async after(workspaceId: string, modelId: string, n: number, limit: number): Promise<{ latest: number; changes: EvidenceChange[] } | null> {
      const changes: EvidenceChange[] = [];
      let batch = ENTRIES_PER_READ;
      for (;;) {
        const found = await entriesFrom(workspaceId, modelId, n + changes.length + 1, batch);
        changes.push(...found);
        if (changes.length > limit) return null;
        if (found.length < batch) return { latest: n + changes.length, changes };
        if (changes.length === ENTRIES_PER_READ) {
          // More than one read's worth changed: the hint (it trails the newest entry) tells at
          // once whether far more did, and how many to read next.
          const behind = (await counterHint(db, evidenceSequenceOf(workspaceId, modelId))) - n;
          if (behind > limit) return null;
          batch = Math.max(ENTRIES_PER_READ, behind - changes.length + 1);
        }
      }
    },
  };
}

export type EvidenceLogStore = ReturnType<typeof createEvidenceLogStore>;
