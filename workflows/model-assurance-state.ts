import type { RunVerificationOutcome } from '../activities/assurance.js';
import type { NotAppliedReason } from '../domain/run-applicability.js';
import type { DriftEvent } from '../domain/schemas/drift.js';
import type { RunOutcome } from '../domain/schemas/verification.js';

/** How a submitted run stands, as `get_operation_status` reports it: the stored outcomes' words, and `pending`. */
export type RunStatus =
  | { status: 'pending' }
  | { status: 'accepted'; commit: string; ignored: string[]; applied: boolean; reason?: NotAppliedReason; detail?: string }
  | Extract<RunOutcome, { status: 'rejected' | 'duplicate' }>;

/**
 * What continue-as-new carries: enough to go on, bounded in size. The verification state and
 * posture are not carried: the stored snapshot holds them, and each batch of runs reads it once.
 */
export interface AssuranceCarry {
  pending: string[];
  /** Most recent run outcomes, newest last (bounded). */
  recent: Array<[string, RunStatus]>;
  lastDrift: DriftEvent[];
}

const RECENT_LIMIT = 200;

/** The state of one model's assurance workflow, kept apart from the workflow's control flow. */
export class ModelAssuranceState {
  /** The drift events of the last applied run. */
  lastDrift: DriftEvent[];
  private readonly pending: string[];
  private readonly recent: Map<string, RunStatus>;

  constructor(carry?: AssuranceCarry) {
    this.pending = [...(carry?.pending ?? [])];
    this.recent = new Map(carry?.recent ?? []);
    this.lastDrift = carry?.lastDrift ?? [];
  }

  /** Resumes from stored data (no carried state): the runs received and not decided. */
  restore(undecidedRunIds: readonly string[]): void {
    for (const runId of undecidedRunIds) this.enqueue(runId);
  }

  /** Queues a run once; a run already queued or decided is a replay and is ignored. */
  enqueue(runId: string): void {
    if (this.recent.has(runId) || this.pending.includes(runId)) return;
    this.pending.push(runId);
    this.remember(runId, { status: 'pending' });
  }

  hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** The oldest queued runs, at most `limit`, taken off the queue (they stay `pending` until recorded). */
  takeBatch(limit: number): string[] {
    return this.pending.splice(0, Math.max(1, limit));
  }

  record(outcome: RunVerificationOutcome): void {
    // A signal replayed for a run decided long ago: its stored record says how it stands, so the
    // query must not answer a different word for it (services/assurance.ts reads the record).
    if (outcome.status === 'duplicate' && outcome.of === outcome.runId) {
      this.recent.delete(outcome.runId);
      return;
    }
    if (outcome.status === 'accepted' && outcome.effect) this.lastDrift = outcome.effect.drift;
    const status: RunStatus =
      outcome.status === 'accepted'
        ? { status: 'accepted', commit: outcome.commit, ignored: outcome.ignored, ...outcome.applicability }
        : outcome.status === 'rejected'
          ? { status: 'rejected', reason: outcome.reason }
          : { status: 'duplicate', of: outcome.of };
    this.remember(outcome.runId, status);
  }

  runStatus(runId: string): RunStatus | { status: 'unknown' } {
    return this.recent.get(runId) ?? { status: 'unknown' };
  }

  carry(): AssuranceCarry {
    return { pending: [...this.pending], recent: [...this.recent], lastDrift: this.lastDrift };
  }

  private remember(runId: string, status: RunStatus): void {
    this.recent.delete(runId);
    this.recent.set(runId, status);
    while (this.recent.size > RECENT_LIMIT) this.recent.delete(this.recent.keys().next().value!);
  }
}
