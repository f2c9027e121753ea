import { canonicalJson } from '../canonical-json.js';
import type { DriftEvent } from '../schemas/drift.js';
import type { IntegrationEvent } from '../schemas/integrations.js';
import type { Posture } from '../schemas/posture.js';

/** What an applied run tells the integrations: its drift (if any), and posture when its summary moved. */
export function assuranceEvents(input: {
  modelId: string;
  commit: string;
  runId: string;
  drift: DriftEvent[];
  /** Posture's summary before the run (undefined: the model's first applied run, or not known) and after it. */
  before: Posture['summary'] | undefined;
  after: Posture['summary'];
}): Array<Pick<IntegrationEvent, 'type' | 'data'>> {
  const { modelId, commit, runId, drift, before, after } = input;
  const overall = after.overall;
  const events: Array<Pick<IntegrationEvent, 'type' | 'data'>> = [];
  // The drift event's data is the notice the deprecated ASSAY_WEBHOOK_URL receives too.
  if (drift.length > 0) events.push({ type: 'drift', data: { modelId, commit, runId, events: drift, atRisk: overall.at_risk, mitigated: overall.mitigated } });
  if (!before || canonicalJson(before) !== canonicalJson(after)) {
    events.push({ type: 'posture.changed', data: { modelId, commit, runId, before: before ?? null, after } });
  }
  return events;
}
