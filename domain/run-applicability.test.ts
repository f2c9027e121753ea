import { describe, expect, it } from 'vitest';
import { recordedApplicability, runApplicability, trackedBranch } from './run-applicability.js';
import { RunOutcomeSchema } from './schemas/verification.js';

const c = (n: number) => n.toString(16).padStart(40, '0');
const clean = { dirty: false, ancestry: [c(2), c(1)] };

describe('runApplicability', () => {
  it('applies a clean run of the tracked branch at a newer commit', () => {
    expect(runApplicability({ commit: c(3), source: { ...clean, defaultBranch: 'main' }, branch: 'main', lastApplied: { commit: c(2), ancestry: [c(1)] } })).toEqual({ applied: true });
  });

  it('keeps a dirty run out, whatever its branch', () => {
    expect(runApplicability({ commit: c(3), source: { ...clean, dirty: true }, branch: 'main' })).toMatchObject({ applied: false, reason: 'dirty' });
  });

  it.each([
    ['a feature branch against the configured branch', { configuredBranch: 'main', branch: 'feature/x' }],
    ['a feature branch against the default branch CI reports', { source: { ...clean, defaultBranch: 'main' }, branch: 'feature/x' }],
    ['a run naming no branch while one is tracked', { configuredBranch: 'main' }],
    ['the configured branch wins over the reported default', { configuredBranch: 'release', source: { ...clean, defaultBranch: 'main' }, branch: 'main' }],
  ])('keeps %s out as other_branch', (_, input) => {
    expect(runApplicability({ commit: c(3), ...input })).toMatchObject({ applied: false, reason: 'other_branch' });
  });

  it('keeps the detail within what a stored run outcome allows, however long both branch names are', () => {
    const long = (c: string) => `feature/${c.repeat(480)}`;
    const emoji = `feature/${'🔒'.repeat(240)}`;
    for (const [branch, tracked] of [[long('x'), long('y')], [emoji, emoji.slice(0, -2)]] as const) {
      const verdict = runApplicability({ commit: c(3), configuredBranch: tracked, branch });
      expect(verdict).toMatchObject({ applied: false, reason: 'other_branch' });
      const outcome = { status: 'accepted', applied: false, reason: 'other_branch', detail: (verdict as { detail: string }).detail };
      expect(RunOutcomeSchema.safeParse(outcome).success).toBe(true);
      expect(outcome.detail).toContain('feature/');
      expect(outcome.detail).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no half of a cut surrogate pair
    }
    expect(runApplicability({ commit: c(3), configuredBranch: 'main', branch: 'feature/x' })).toMatchObject({ detail: 'branch feature/x, not the tracked branch main' });
  });

  it('does not judge the branch when none is known', () => {
    expect(runApplicability({ commit: c(3), source: clean, branch: 'anything' })).toEqual({ applied: true });
    expect(runApplicability({ commit: c(3) })).toEqual({ applied: true });
  });

  it('marks an ancestor of the last applied commit stale; the same commit again or an unrelated one applies', () => {
    const lastApplied = { commit: c(9), ancestry: [c(8), c(7)] };
    expect(runApplicability({ commit: c(7), lastApplied })).toMatchObject({ applied: false, reason: 'stale' });
    expect(runApplicability({ commit: c(9), lastApplied })).toEqual({ applied: true });
    expect(runApplicability({ commit: c(5), lastApplied })).toEqual({ applied: true });
  });

  it('trackedBranch: configured first, then the reported default, else none', () => {
    expect(trackedBranch('release', { ...clean, defaultBranch: 'main' })).toBe('release');
    expect(trackedBranch(undefined, { ...clean, defaultBranch: 'main' })).toBe('main');
    expect(trackedBranch(undefined, clean)).toBeUndefined();
  });
});

describe('a stored accepted outcome', () => {
  it('refuses "not applied" without a reason, so it cannot be read as applied', () => {
    expect(RunOutcomeSchema.safeParse({ status: 'accepted', applied: false }).success).toBe(false);
    expect(() => recordedApplicability({ applied: false })).toThrow(/names the reason/);
  });

  it('reads a record without `applied` (made before applicability existed) as applied, and keeps a stated reason', () => {
    expect(RunOutcomeSchema.parse({ status: 'accepted' })).toEqual({ status: 'accepted' });
    expect(recordedApplicability({})).toEqual({ applied: true });
    expect(recordedApplicability({ applied: false, reason: 'stale', detail: 'older' })).toEqual({ applied: false, reason: 'stale', detail: 'older' });
  });
});
