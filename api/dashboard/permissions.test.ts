import { describe, expect, it } from 'vitest';
import { dashboardPermissions } from './permissions.js';

describe('dashboardPermissions', () => {
  it('offers a viewer no action at all', () => {
    const p = dashboardPermissions(['viewer']);
    expect([p.acknowledgeFinding, p.dismissFinding('agent'), p.dismissFinding('verification'), p.approveSufficiency, p.setPolicy]).toEqual([false, false, false, false, false]);
  });

  it('never lets an agent key approve an assertion set or dismiss what verification opened', () => {
    const agent = dashboardPermissions(['agent']);
    expect(agent.approveSufficiency).toBe(false);
    expect(agent.dismissFinding('verification')).toBe(false);
    expect(agent.acknowledgeFinding).toBe(true);
    expect(dashboardPermissions(['admin', 'agent']).approveSufficiency).toBe(false);
  });

  it('lets an admin key do every action', () => {
    const admin = dashboardPermissions(['admin']);
    expect([admin.acknowledgeFinding, admin.dismissFinding('verification'), admin.approveSufficiency, admin.setPolicy]).toEqual([true, true, true, true]);
  });
});
