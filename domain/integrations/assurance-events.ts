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
  before: Posture | undefined;
  after: Posture;
}): Array<Pick<IntegrationEvent, 'type' | 'data'>> {
  const { modelId, commit, runId, drift, before, after } = input;
  const overall = after.summary.overall;
  const events: Array<Pick<IntegrationEvent, 'type' | 'data'>> = [];
  // The drift event's data is the notice the deprecated ASSAY_WEBHOOK_URL receives too.
  if (drift.length > 0) events.push({ type: 'drift', data: { modelId, commit, runId, events: drift, atRisk: overall.at_risk, mitigated: overall.mitigated } });
  if (!before || canonicalJson(before.summary) !== canonicalJson(after.summary)) {
    events.push({ type: 'posture.changed', data: { modelId, commit, runId, before: before?.summary ?? null, after: after.summary } });
  }
  return events;
}
