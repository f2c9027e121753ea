import { compareIds } from '../../domain/ids.js';
import type { ExportData } from '../../domain/export/export-data.js';
import { EMPTY_VERIFICATION_STATE } from '../../domain/verification-state.js';
import type { ServiceDeps } from '../deps.js';
import type { createAssuranceService } from '../assurance.js';
import { requireLatestVersion } from '../require-model.js';

/** The most posture windows (applied runs) one export carries, oldest dropped first. */
export const MAX_EXPORT_WINDOWS = 1000;

/**
 * Reads what an export shows of one model through the stores: its latest version, posture now,
 * the posture history with the runs it names, the latest accepted run, every assertion ever
 * submitted, drift and findings. `history: false` skips the history (only OSCAL needs it).
 */
export async function gatherExport(
  deps: ServiceDeps,
  assurance: Pick<ReturnType<typeof createAssuranceService>, 'posture'>,
  tool: ExportData['tool'],
  workspaceId: string,
  modelId: string,
  options: { history: boolean },
): Promise<ExportData> {
  const stores = deps.stores;
  const version = await requireLatestVersion(stores.models, workspaceId, modelId);
  const [{ posture }, snapshot, latestAccepted, assertions, drift, findings] = await Promise.all([
    assurance.posture(workspaceId, modelId),
    stores.assurance.getSnapshot(workspaceId, modelId),
    stores.runs.latestAccepted(workspaceId, modelId),
    stores.assertions.listEver(workspaceId, modelId),
    stores.assurance.listDriftEvents(workspaceId, modelId, 500),
    stores.findings.list(workspaceId, modelId),
  ]);
  const newest = options.history ? await stores.assurance.listPostureHistory(workspaceId, modelId, { limit: MAX_EXPORT_WINDOWS, newestFirst: true }) : [];
  const history = newest.reverse().map(({ runId, at, modelVersion, posture: p }) => ({ runId, at, modelVersion, posture: p }));
  const runs = history.length ? await stores.runs.getRuns(workspaceId, modelId, history.map((h) => h.runId)) : [];
  return {
    workspaceId,
    modelId,
    version,
    posture,
    results: (snapshot?.verification ?? EMPTY_VERIFICATION_STATE).results,
    history,
    runs,
    latestAccepted,
    assertions: assertions.sort((a, b) => compareIds(a.id, b.id)),
    drift: drift.map(({ workspaceId: _w, modelId: _m, ...event }) => event),
    findings: findings.sort((a, b) => compareIds(a.id, b.id)),
    tool,
  };
}
