import { z } from 'zod';
import { sortIds } from '../domain/ids.js';
import { controlSufficiency } from '../domain/sufficiency-review.js';
import type { SufficiencyDecisionKind } from '../domain/schemas/sufficiency.js';
import { toDomainAssertion } from '../store/assertions.js';
import type { ServiceDeps } from './deps.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from './errors.js';
import type { Principal } from './keys.js';
import { latestVersionOf, requireModel } from './require-model.js';

export const SufficiencyDecisionRequestSchema = z.strictObject({
  reason: z.string().trim().min(1, 'a reason is required').max(2000),
});
export type SufficiencyDecisionRequest = z.infer<typeof SufficiencyDecisionRequestSchema>;

/**
 * Sufficiency of a control's assertion set beyond the agent's own claim: the latest independent
 * review (from CI) and an admin's approval or rejection, which counts only for the exact set it
 * was given for (its digest), so adding, editing or removing an assertion lapses it.
 */
export function createSufficiencyService(deps: ServiceDeps) {
  const now = () => (deps.now ?? (() => new Date()))();
  const { models, assertions, assurance, sufficiencyDecisions } = deps.stores;

  /** The control (live, in the latest version), its live assertions and what is known of its sufficiency. */
  async function load(workspaceId: string, modelId: string, controlId: string) {
    const version = await latestVersionOf(models, await requireModel(models, workspaceId, modelId));
    const control = version?.content.controls.find((c) => c.id === controlId && c.deletedAt === undefined);
    if (!control) throw new NotFoundError(`control ${controlId} not found in model ${modelId}`);
    const stored = (await assertions.list(workspaceId, modelId)).filter((a) => a.controlId === controlId);
    const own = stored.map(toDomainAssertion);
    const submitters = new Set(stored.flatMap((a) => (a.submittedBy ? [a.submittedBy] : [])));
    const snapshot = await assurance.getSnapshot(workspaceId, modelId);
    const review = snapshot?.verification.sufficiency.find((k) => k.review.controlId === controlId);
    const history = await sufficiencyDecisions.list(workspaceId, modelId, controlId);
    return { control, own, submitters, review, history, verdict: controlSufficiency(control, own, { review, decisions: history }) };
  }

  async function show(workspaceId: string, modelId: string, controlId: string) {
    const { control, own, review, history, verdict } = await load(workspaceId, modelId, controlId);
    return {
      modelId,
      controlId,
      verificationCriteria: control.verificationCriteria,
      assertionIds: sortIds(own.map((a) => a.id)),
      assertionSetDigest: verdict.assertionSetDigest,
      status: verdict.status,
      uncoveredCriteria: verdict.uncovered,
      /** The latest review, and whether it reviewed the current set (a review of another set counts for nothing). */
      review: review ? { ...review, current: review.review.assertionSetDigest === verdict.assertionSetDigest } : null,
      decision: verdict.decision ?? null,
      history,
    };
  }

  return {
    show,

    /** An admin approves or rejects the control's current assertion set; recorded with who and when. */
    async decide(principal: Principal, modelId: string, controlId: string, decision: SufficiencyDecisionKind, request: SufficiencyDecisionRequest) {
      // The route checks the scope too; the use case refuses on its own so no surface can skip it.
      if (!principal.scopes.includes('admin')) throw new ForbiddenError('only an admin key may approve or reject an assertion set');
      // The claimant never confirms its own claim (SPEC §1.2): a key that may submit assertions, or
      // that submitted any of this set, cannot approve it (rejecting only lowers posture, so it may).
      if (decision === 'approved' && principal.scopes.includes('agent')) {
        throw new ForbiddenError('a key with the agent scope may not approve an assertion set: use an admin key that does not claim');
      }
      const { reason } = SufficiencyDecisionRequestSchema.parse(request);
      const { own, submitters, verdict } = await load(principal.workspaceId, modelId, controlId);
      if (decision === 'approved' && submitters.has(principal.keyId)) {
        throw new ForbiddenError(`key ${principal.keyId} submitted assertions of ${controlId}, so it may not approve their set`);
      }
      if (own.length === 0) throw new InvalidInputError(`control ${controlId} has no assertions to ${decision === 'approved' ? 'approve' : 'reject'}`);
      await sufficiencyDecisions.insert({
        workspaceId: principal.workspaceId,
        modelId,
        controlId,
        assertionSetDigest: verdict.assertionSetDigest,
        decision,
        reason,
        by: principal.keyId,
        at: now().toISOString(),
      });
      return show(principal.workspaceId, modelId, controlId);
    },
  };
}

export type SufficiencyService = ReturnType<typeof createSufficiencyService>;
