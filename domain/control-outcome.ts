import type { AssertionOutcome } from './assertion-outcome.js';
import type { ControlPosture } from './schemas/posture.js';

/**
 * What a finding on a control needs before it can be verified, whatever assertions were linked
 * to it: the control meets the workspace policy in the stored posture (every assertion passes
 * the required tiers, and under `verified` the set is sufficient). `fail` when an assertion of
 * the control fails or drifted, `missing` when it falls short otherwise (unverified, unreviewed,
 * insufficient), never a pass for assertions that pass alone.
 */
export function controlOutcome(control: ControlPosture | undefined): AssertionOutcome {
  if (control === undefined) return 'missing';
  if (control.meetsPolicy) return 'pass';
  return control.failingAssertionIds.length > 0 || control.driftedAssertionIds.length > 0 ? 'fail' : 'missing';
}
