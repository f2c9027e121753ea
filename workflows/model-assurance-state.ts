import type { RunVerificationOutcome } from '../activities/run-verification.js';
import type { NotAppliedReason } from '../domain/run-applicability.js';
import type { DriftEvent } from '../domain/schemas/drift.js';
import type { Posture } from '../domain/schemas/posture.js';
import type { RunOutcome, VerificationState } from '../domain/schemas/verification.js';
import { EMPTY_VERIFICATION_STATE } from '../domain/verification-state.js';

/** How a submitted run stands, as `get_operation_status` reports it: the stored outcomes' words, and `pending`. */
export type RunStatus =
  | { status: 'pending' }
  | { status: 'accepted'; commit: string; ignored: string[]; applied: boolean; reason?: NotAppliedReason; detail?: string }
  | Extract<RunOutcome, { status: 'rejected' | 'duplicate' }>;

/** What continue-as-new carries: enough to go on, bounded in size. */
export interface AssuranceCarry {
  verification: VerificationState;
  pending: string[];
  /** Most recent run outcomes, newest last (bounded). */
  recent: Array<[string, RunStatus]>;
  posture?: Posture;
  lastDrift: DriftEvent[];
}

const RECENT_LIMIT = 200;

/** The state of one model's assurance workflow, kept apart from the workflow's control flow. */
export class ModelAssuranceState {
  verification: VerificationState;
  posture?: Posture;
  lastDrift: DriftEvent[];
  private readonly pending: string[];
  private readonly recent: Map<string, RunStatus>;

  constructor(carry?: AssuranceCarry) {
    this.verification = carry?.verification ?? EMPTY_VERIFICATION_STATE;
    this.pending = [...(carry?.pending ?? [])];
    this.recent = new Map(carry?.recent ?? []);
    this.posture = carry?.posture;
    this.lastDrift = carry?.lastDrift ?? [];
  }

  /** Resumes from stored data (no carried state): the verification state and undecided runs. */
  restore(verification: VerificationState, undecidedRunIds: readonly string[]): void {
    this.verification = verification;
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

  next(): string | undefined {
    return this.pending.shift();
  }

  record(outcome: RunVerificationOutcome): void {
    // A signal replayed for a run decided long ago: its stored record says how it stands, so the
    // query must not answer a different word for it (services/assurance.ts reads the record).
    if (outcome.status === 'duplicate' && outcome.of === outcome.runId) {
      this.recent.delete(outcome.runId);
      return;
    }
    const status: RunStatus =
      outcome.status === 'accepted'
        ? { status: 'accepted', commit: outcome.commit, ignored: outcome.ignored, ...outcome.applicability }
        : outcome.status === 'rejected'
          ? { status: 'rejected', reason: outcome.reason }
          : { status: 'duplicate', of: outcome.of };
    this.remember(outcome.runId, status);
  }

  applied(verification: VerificationState, posture: Posture, drift: DriftEvent[]): void {
    this.verification = verification;
    this.posture = posture;
    this.lastDrift = drift;
  }

  runStatus(runId: string): RunStatus | { status: 'unknown' } {
    return this.recent.get(runId) ?? { status: 'unknown' };
  }

  carry(): AssuranceCarry {
    return { verification: this.verification, pending: [...this.pending], recent: [...this.recent], posture: this.posture, lastDrift: this.lastDrift };
  }

  private remember(runId: string, status: RunStatus): void {
    this.recent.delete(runId);
    this.recent.set(runId, status);
    while (this.recent.size > RECENT_LIMIT) this.recent.delete(this.recent.keys().next().value!);
  }
}
