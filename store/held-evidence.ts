import { compareStrings } from '../domain/ids.js';
import type { AssertionStore, StoredAssertion } from './assertions.js';
import { BoundedCache } from './bounded-cache.js';
import { documentKey } from './document-keys.js';
import type { EvidenceCheckpointStore, LoggedEvidence } from './evidence-checkpoints.js';
import type { EvidenceLogStore } from './evidence-log.js';
import type { SufficiencyDecisionStore } from './sufficiency-decisions.js';

export type { LoggedEvidence } from './evidence-checkpoints.js';

/**
 * Evidence is brought forward from the log for at most this long after the whole read it started
 * from, then read whole again: a writer that died between making its change visible and logging
 * it (a failed log write rolls the change back; only a dead process leaves one) is seen within it.
 */
export const EVIDENCE_MAX_AGE_MS = 10 * 60_000;
/** Beyond this many changes since the held evidence, reading it whole is cheaper. */
const CHANGES_APPLIED = 200;
/** A checkpoint brought forward by this many changes or more is stored anew, so the next cold reader replays fewer. */
const CHECKPOINT_AFTER = 50;

/** Oldest first, ties by id: the order lists have, whatever order the store returned. */
const inCreationOrder = (live: StoredAssertion[]) => live.sort((a, b) => compareStrings(a.createdAt, b.createdAt) || compareStrings(a.id, b.id));

/**
 * Per model, the evidence last read, brought forward by the changes its log records since, so a
 * posture is not recomputed from a scan of the model's assertions and decisions (every filtered
 * read on FerretDB is one, and costs what the whole collection does). Every read checks the log
 * itself (one `_id` read when nothing changed), so it sees every change logged before it began.
 * A process holding nothing starts from the model's checkpoint (store/evidence-checkpoints.ts);
 * only without a young enough one does it read whole, and it leaves its result as the checkpoint.
 */
export function createHeldEvidence(
  stores: { assertions: AssertionStore; sufficiencyDecisions: SufficiencyDecisionStore; evidenceLog: EvidenceLogStore; evidenceCheckpoints: EvidenceCheckpointStore },
  capacity: number,
  clock: () => number = Date.now,
) {
  const { assertions, sufficiencyDecisions, evidenceLog, evidenceCheckpoints } = stores;
  const held = new BoundedCache<LoggedEvidence>(capacity);
  // A clock set back makes the age negative: read whole rather than trust it.
  const young = (e: LoggedEvidence) => clock() >= e.readAt && clock() - e.readAt < EVIDENCE_MAX_AGE_MS;
  // A checkpoint only saves reads: failing to store one fails nothing (racing upserts collide, too).
  const checkpoint = (workspaceId: string, modelId: string, evidence: LoggedEvidence) => evidenceCheckpoints.put(workspaceId, modelId, evidence).catch(() => {});

  async function scan(workspaceId: string, modelId: string): Promise<LoggedEvidence> {
    const readAt = clock();
    // The log first: the evidence read after it is at least as new as its newest entry.
    const revision = await evidenceLog.latest(workspaceId, modelId);
    const [live, decisions] = await Promise.all([assertions.list(workspaceId, modelId), sufficiencyDecisions.list(workspaceId, modelId)]);
    const evidence = { revision, live: inCreationOrder(live), decisions, readAt };
    await checkpoint(workspaceId, modelId, evidence);
    return evidence;
  }

  async function forward(workspaceId: string, modelId: string, from: LoggedEvidence): Promise<LoggedEvidence | null> {
    const logged = await evidenceLog.after(workspaceId, modelId, from.revision, CHANGES_APPLIED);
    if (!logged) return null;
    if (logged.changes.length === 0) return from;
    const added = [...new Set(logged.changes.flatMap((c) => (c.kind === 'assertions_added' ? c.ids : [])))];
    const withdrawn = new Set(logged.changes.flatMap((c) => (c.kind === 'assertion_withdrawn' ? [c.id] : [])));
    const [fresh, decisions] = await Promise.all([
      assertions.getLive(workspaceId, modelId, added),
      logged.changes.some((c) => c.kind === 'decision_recorded') ? sufficiencyDecisions.list(workspaceId, modelId) : from.decisions,
    ]);
    // An id added and withdrawn within the changes is read as withdrawn (getLive skips it).
    const byId = new Map(from.live.filter((a) => !withdrawn.has(a.id)).map((a) => [a.id, a]));
    for (const a of fresh) byId.set(a.id, a);
    return { revision: logged.latest, live: inCreationOrder([...byId.values()]), decisions, readAt: from.readAt };
  }

  async function fromCheckpoint(workspaceId: string, modelId: string): Promise<LoggedEvidence | null> {
    const stored = await evidenceCheckpoints.get(workspaceId, modelId);
    if (!stored || !young(stored)) return null;
    const current = await forward(workspaceId, modelId, stored);
    if (current && current.revision - stored.revision >= CHECKPOINT_AFTER) await checkpoint(workspaceId, modelId, current);
    return current;
  }

  function keep(key: string, current: LoggedEvidence): LoggedEvidence {
    // Concurrent reads finish in any order: keep the newest.
    const now = held.get(key);
    if (!now || now.revision < current.revision || (now.revision === current.revision && now.readAt < current.readAt)) held.set(key, current);
    return current;
  }

  async function forwardHeld(key: string, workspaceId: string, modelId: string): Promise<LoggedEvidence | null> {
    const last = held.get(key);
    const current = last && young(last) ? await forward(workspaceId, modelId, last) : null;
    return current && keep(key, current);
  }

  return {
    /** The model's evidence with every change logged before this call: the held evidence brought forward, or read whole. */
    async read(workspaceId: string, modelId: string): Promise<LoggedEvidence> {
      const key = documentKey(workspaceId, modelId);
      return (
        (await forwardHeld(key, workspaceId, modelId)) ??
        keep(key, (await fromCheckpoint(workspaceId, modelId)) ?? (await scan(workspaceId, modelId)))
      );
    },
    /**
     * The held evidence brought forward, or null when this process must read it whole (`read`).
     * Reads only, so it may start before the model is known to exist; `read` stores a checkpoint.
     */
    forwardHeld: (workspaceId: string, modelId: string) => forwardHeld(documentKey(workspaceId, modelId), workspaceId, modelId),
  };
}

export type HeldEvidence = ReturnType<typeof createHeldEvidence>;
