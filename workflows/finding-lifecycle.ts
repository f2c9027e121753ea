import { allHandlersFinished, condition, continueAsNew, defineQuery, defineSignal, defineUpdate, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { applyFindingTransition } from '../domain/finding-transitions.js';
import type { Finding, FindingEvent } from '../domain/schemas/finding.js';
import { storeActivityOptions } from '../temporal.config.js';

const { saveFinding } = proxyActivities<Activities>(storeActivityOptions);

export interface FindingActor {
  by: string;
}
export const acknowledgeUpdate = defineUpdate<Finding, [FindingActor]>('acknowledgeUpdate');
export const remediateUpdate = defineUpdate<Finding, [FindingActor & { assertionIds: string[]; note?: string }]>('remediateUpdate');
export const dismissUpdate = defineUpdate<Finding, [FindingActor & { reason: string }]>('dismissUpdate');
export const reopenUpdate = defineUpdate<Finding, [FindingActor & { reason?: string }]>('reopenUpdate');
type Outcome = 'pass' | 'fail' | 'missing';
/** From modelAssurance after each accepted run: the outcome of every linked assertion and of the finding's control. */
export const verificationSignal = defineSignal<[{ commit: string; runId: string; outcomes: Record<string, Outcome>; controlOutcome: Outcome }]>('verificationSignal');
export const findingQuery = defineQuery<Finding>('findingQuery');

export interface FindingLifecycleInput {
  /** The finding as first stored; carried across continue-as-new. */
  finding: Finding;
}

/**
 * One finding from discovery to verification. People move it with updates (validated by the
 * domain state machine, so an illegal transition is refused with its message and changes
 * nothing); verification results arrive as signals and may verify or re-open it.
 */
export async function findingLifecycle(input: FindingLifecycleInput): Promise<void> {
  let finding = input.finding;
  let unsaved = false;
  const now = () => new Date().toISOString();

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
  setHandler(verificationSignal, (v) => {
    const result = applyFindingTransition(finding, { type: 'verification', at: now(), ...v });
    if (result.ok && result.changed) {
      finding = result.finding;
      unsaved = true;
    }
  });
  setHandler(findingQuery, () => finding);

  // The loop is the single writer: handlers change state, the loop persists it in order.
  for (;;) {
    await condition(() => unsaved || workflowInfo().continueAsNewSuggested);
    if (unsaved) {
      unsaved = false;
      await saveFinding(finding);
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      if (unsaved) await saveFinding(finding);
      await continueAsNew<typeof findingLifecycle>({ finding });
    }
  }
}
