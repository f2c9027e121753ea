import type { AttestedSource } from './schemas/attestation.js';
import { RUN_DETAIL_MAX_CHARS } from './schemas/verification.js';

/** Why a verified, accepted run is kept out of posture. */
export type NotAppliedReason = 'dirty' | 'other_branch' | 'stale';

export type RunApplicability = { applied: true } | { applied: false; reason: NotAppliedReason; detail: string };

export interface ApplicabilityInput {
  /** The attested commit. */
  commit: string;
  /** `predicate.source`; absent in statements made before it existed. */
  source?: AttestedSource;
  /** `predicate.pipeline.branch`: where CI (or git, outside CI) says the run was made. */
  branch?: string;
  /** The model's tracked branch as an admin configured it, if any. */
  configuredBranch?: string;
  /** The last run applied to the model: its commit and that commit's first-parent ancestry. */
  lastApplied?: { commit: string; ancestry: readonly string[] };
}

/** The branch whose runs move a model's posture: the admin's choice, else the default branch CI reports. */
export function trackedBranch(configured: string | undefined, source: AttestedSource | undefined): string | undefined {
  return configured ?? source?.defaultBranch;
}

/**
 * Whether an accepted run moves posture. Only evidence of the tracked branch's history, at a
 * commit that is not older than the one already applied, and of a clean tree counts; every
 * other run is stored and reported with its reason. When no tracked branch is known (none
 * configured and CI reports no default branch) the branch is not a criterion.
 */
export function runApplicability(input: ApplicabilityInput): RunApplicability {
  if (input.source?.dirty) {
    return { applied: false, reason: 'dirty', detail: 'the working tree had uncommitted changes or untracked files' };
  }
  const tracked = trackedBranch(input.configuredBranch, input.source);
  if (tracked !== undefined && input.branch !== tracked) {
    const from = input.branch === undefined ? 'a run that names no branch' : `branch ${shortName(input.branch)}`;
    return { applied: false, reason: 'other_branch', detail: `${from}, not the tracked branch ${shortName(tracked)}` };
  }
  const last = input.lastApplied;
  if (last && last.commit !== input.commit && last.ancestry.includes(input.commit)) {
    return { applied: false, reason: 'stale', detail: `commit ${input.commit.slice(0, 12)} is an ancestor of ${last.commit.slice(0, 12)}, already applied` };
  }
  return { applied: true };
}

/**
 * The applicability a stored accepted verdict records. Records made before applicability existed
 * carry no `applied` and were all applied; a record that says "not applied" without a reason is
 * refused (RunOutcomeSchema never stores one), never read as applied.
 */
export function recordedApplicability(outcome: { applied?: boolean; reason?: NotAppliedReason; detail?: string }): RunApplicability {
  if (outcome.applied !== false) return { applied: true };
  if (outcome.reason === undefined) throw new Error('an accepted run that was not applied names the reason');
  return { applied: false, reason: outcome.reason, detail: outcome.detail ?? '' };
}

/**
 * A branch name as a detail shows it: each may be as long as the detail may be (both are
 * attested labels), so two in one sentence are each cut to a share of it, on a code point.
 */
const BRANCH_SHOWN_CHARS = Math.floor((RUN_DETAIL_MAX_CHARS - 60) / 2);
function shortName(name: string): string {
  const points = Array.from(name);
  return points.length <= BRANCH_SHOWN_CHARS ? name : `${points.slice(0, BRANCH_SHOWN_CHARS - 1).join('')}…`;
}
