import { allHandlersFinished, condition, continueAsNew, defineQuery, defineSignal, defineUpdate, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { applyFindingTransition } from '../domain/finding-transitions.js';
import type { Finding, FindingEvent, FindingStatus } from '../domain/schemas/finding.js';
import { FINDING_STATUS_EVENT } from '../domain/integrations/finding-events.js';
import { storeActivityOptions } from '../temporal.config.js';
import { emitEvents } from './emit-events.js';
import { parseRunSignal, type RunSignal } from './signal-payloads.js';

const { saveFinding, loadFindingVerification } = proxyActivities<Activities>(storeActivityOptions);

export interface FindingActor {
  by: string;
}
export const acknowledgeUpdate = defineUpdate<Finding, [FindingActor]>('acknowledgeUpdate');
export const remediateUpdate = defineUpdate<Finding, [FindingActor & { assertionIds: string[]; note?: string }]>('remediateUpdate');
export const dismissUpdate = defineUpdate<Finding, [FindingActor & { reason: string }]>('dismissUpdate');
export const reopenUpdate = defineUpdate<Finding, [FindingActor & { reason?: string }]>('reopenUpdate');
/** From modelAssurance after each accepted run: which run was applied (outcomes are read from the store). */
export const verificationSignal = defineSignal<[RunSignal]>('verificationSignal');
export const findingQuery = defineQuery<Finding>('findingQuery');

export interface FindingLifecycleInput {
  /** The finding as first stored; carried across continue-as-new. */
  finding: Finding;
  /** The status last announced to the integrations; unset on the first start (the finding is new). */
  announced?: FindingStatus;
}

/**
 * One finding from discovery to verification. People move it with updates (validated by the
 * domain state machine, so an illegal transition is refused with its message and changes
 * nothing). A signal only says that a run was applied: the outcomes of the linked assertions
 * are read from the stored verification state of that run, so no signal can verify a finding.
 */
export async function findingLifecycle(input: FindingLifecycleInput): Promise<void> {
  let finding = input.finding;
  let unsaved = false;
  let announced = input.announced;
  const now = () => new Date().toISOString();
  /** Each status the finding reaches is announced once, after it is stored. */
  const announce = async () => {
    if (announced === finding.status) return;
    announced = finding.status;
    await emitEvents(finding.workspaceId, [{ type: FINDING_STATUS_EVENT[finding.status], data: { modelId: finding.modelId, finding } }]);
  };

  const apply = (event: FindingEvent): Finding => {
    const result = applyFindingTransition(finding, event);
    if (!result.ok) throw new Error(result.message);
    if (result.changed) {
      finding = result.finding;
      unsaved = true;
    }
    return finding;
  };
  /** Update validators reject illegal transitions before they enter history. */
  const check = (event: FindingEvent) => {
    const result = applyFindingTransition(finding, event);
    if (!result.ok) throw new Error(result.message);
  };

  setHandler(acknowledgeUpdate, (a) => apply({ type: 'acknowledge', by: a.by, at: now() }), {
    validator: (a) => check({ type: 'acknowledge', by: a.by, at: now() }),
  });
  setHandler(remediateUpdate, (a) => apply({ type: 'remediate', by: a.by, at: now(), assertionIds: a.assertionIds, note: a.note }), {
    validator: (a) => check({ type: 'remediate', by: a.by, at: now(), assertionIds: a.assertionIds, note: a.note }),
  });
  setHandler(dismissUpdate, (a) => apply({ type: 'dismiss', by: a.by, at: now(), reason: a.reason }), {
    validator: (a) => check({ type: 'dismiss', by: a.by, at: now(), reason: a.reason }),
  });
  setHandler(reopenUpdate, (a) => apply({ type: 'reopen', by: a.by, at: now(), reason: a.reason }), {
    validator: (a) => check({ type: 'reopen', by: a.by, at: now(), reason: a.reason }),
  });
  const appliedRuns: string[] = [];
  setHandler(verificationSignal, (payload) => {
    const parsed = parseRunSignal(payload);
    if (parsed.success) appliedRuns.push(parsed.data.runId);
    else log.warn('ignored a malformed verificationSignal', { issues: parsed.error.issues.length });
  });
  /** The run's outcomes as stored; a run that is not the model's latest applied one changes nothing. */
  const verify = async (runId: string) => {
    const stored = await loadFindingVerification({ workspaceId: finding.workspaceId, modelId: finding.modelId, runId, assertionIds: finding.assertionIds, controlId: finding.controlId });
    if (!stored) return log.warn('ignored a verificationSignal for a run that is not the latest applied', { runId });
    const result = applyFindingTransition(finding, { type: 'verification', at: now(), ...stored });
    if (result.ok && result.changed) {
      finding = result.finding;
      unsaved = true;
    }
  };
  setHandler(findingQuery, () => finding);
  await announce();

  // The loop is the single writer: handlers change state, the loop persists it in order.
  for (;;) {
    await condition(() => unsaved || appliedRuns.length > 0 || workflowInfo().continueAsNewSuggested);
    while (appliedRuns.length > 0) await verify(appliedRuns.shift()!);
    if (unsaved) {
      unsaved = false;
      await saveFinding(finding);
      await announce();
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      while (appliedRuns.length > 0) await verify(appliedRuns.shift()!);
      if (unsaved) await saveFinding(finding);
      await announce();
      await continueAsNew<typeof findingLifecycle>({ finding, announced });
    }
  }
}
