import type { ApiKeyScope } from '../../domain/schemas/api-key.js';
import type { Finding } from '../../domain/schemas/finding.js';

/**
 * Which actions the dashboard offers a key, by the REST API's scope rules; the same check refuses
 * a form posted anyway, and the services keep their own rules (SPEC §1.2) behind both.
 */
export function dashboardPermissions(scopes: readonly ApiKeyScope[]) {
  const admin = scopes.includes('admin');
  const agent = scopes.includes('agent');
  return {
    acknowledgeFinding: admin || agent,
    /** Only an admin closes what verification opened. */
    dismissFinding: (source: Finding['source']) => admin || (agent && source !== 'verification'),
    /** The claimant never confirms: an admin key that is not also an agent key. */
    approveSufficiency: admin && !agent,
    setPolicy: admin,
  };
}

export type DashboardPermissions = ReturnType<typeof dashboardPermissions>;
