import { describe, expect, it } from 'vitest';
import { renderJobSummary, type PlatformReport } from './job-summary.js';
import type { ModelRun } from './models.js';
import { sourceLinker } from './source-links.js';

const sha = 'a'.repeat(64);
const commit = '1'.repeat(40);
const earlier = '0'.repeat(40);
const run: ModelRun = {
  modelId: 'M1',
  modelVersion: 2,
  commit,
  assertions: [
    { id: 'X1', type: 'function_calls', params: { file: 'src/auth.ts', caller: 'login', callee: 'verify' } },
    { id: 'X2', type: 'file_exists', params: { file: 'SECURITY.md' } },
    { id: 'X3', type: 'pattern_absent', params: { file: 'src/a.ts', pattern: 'x' } },
  ],
  results: [
    { id: 'X1', type: 'function_calls', verdict: 'fail', details: 'login | never calls <img src=x onerror=alert(1)> `verify`\nsee [here](javascript:alert(1))', evidence: [{ path: 'src/auth.ts', sha256: sha, startLine: 12, endLine: 20 }] },
    { id: 'X2', type: 'file_exists', verdict: 'fail', details: 'SECURITY.md does not exist', evidence: [] },
    { id: 'X3', type: 'pattern_absent', verdict: 'pass', details: 'no match', evidence: [] },
  ],
  runId: 'run-2',
  platformVerdict: { status: 'accepted' },
};
const tier = (total: number, mitigated: number, at_risk: number) => ({ total, mitigated, at_risk, unassessed: total - mitigated - at_risk });
const drift = (kind: 'drift' | 'recovery', subjectId: string, toRunId: string) => ({
  kind,
  level: 'control' as const,
  subjectId,
  assertionIds: ['X1'],
  controlIds: [subjectId],
  objectiveIds: ['CO1'],
  fromCommit: earlier,
  toCommit: commit,
  fromRunId: 'run-1',
  toRunId,
  runId: toRunId,
  at: '2026-01-01T00:00:00.000Z',
});
const report: PlatformReport = {
  summary: { overall: tier(5, 2, 3), byTier: { critical: tier(2, 0, 2), high: tier(3, 2, 1), medium: tier(0, 0, 0), low: tier(0, 0, 0) } },
  drift: [drift('drift', 'C1', 'run-2'), drift('recovery', 'C7', 'run-0')],
};
const github = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/shop' };

describe('the CI job summary', () => {
  const summary = renderJobSummary({ models: [run], reports: new Map([['M1', report]]), link: sourceLinker(github, commit) });

  it('shows posture by risk tier from the platform report, skipping empty tiers', () => {
    expect(summary).toContain('| critical | 2 | 0 | 2 | 0 |');
    expect(summary).toContain('| high | 3 | 2 | 1 | 0 |');
    expect(summary).not.toContain('| medium |');
    expect(summary).toContain('| **all** | 5 | 2 | 3 | 0 |');
  });

  it('lists failed assertions with links to file:line at the attested commit', () => {
    expect(summary).toContain(`[src/auth.ts:12](https://github.com/acme/shop/blob/${commit}/src/auth.ts#L12-L20)`);
    expect(summary).toMatch(/\| M1\/X2 \| file\\_exists \| \[SECURITY\.md\]\(https:\/\/github\.com\/acme\/shop\/blob\/1{40}\/SECURITY\.md\) \|/);
    expect(summary).not.toContain('M1/X3');
  });

  it('escapes details so code-derived text cannot break the table or inject markup', () => {
    const row = summary.split('\n').find((l) => l.startsWith('| M1/X1'))!;
    expect(row).not.toMatch(/(?<!\\)<img/);
    expect(row).not.toMatch(/(?<!\\)\]\(javascript/);
    expect(row).toContain('login \\| never calls \\<img');
    expect(row.split(/(?<!\\)\|/)).toHaveLength(6);
  });

  it('shows only the drift this run caused', () => {
    expect(summary).toContain('- drift: control C1 (passed before, fails now; 000000000000 → 111111111111)');
    expect(summary).not.toContain('C7');
    const quiet = renderJobSummary({ models: [{ ...run, runId: 'run-3' }], reports: new Map([['M1', report]]), link: sourceLinker(github, commit) });
    expect(quiet).toContain('No drift since the last run.');
  });

  it('says when the platform stored the run without applying it to posture', () => {
    const kept = renderJobSummary({ models: [{ ...run, platformVerdict: { status: 'accepted', applied: false, reason: 'dirty' } }], reports: new Map(), link: sourceLinker(github, commit) });
    expect(kept).toContain('accepted but not applied to posture: dirty');
  });

  it('says so when there is no platform report (dry run) and links nothing outside a CI', () => {
    const dry = renderJobSummary({ models: [{ ...run, runId: null, platformVerdict: null }], reports: new Map(), link: sourceLinker({}, commit) });
    expect(dry).toContain('dry run, not submitted');
    expect(dry).toContain('Posture: not available from the platform.');
    expect(dry).toContain('| M1/X1 | function\\_calls | src/auth.ts:12 |');
  });
});

describe('source links', () => {
  it('GitLab links use its blob path and line range syntax', () => {
    expect(sourceLinker({ CI_PROJECT_URL: 'https://gitlab.example.com/acme/shop' }, commit)('src/a b.ts', 3, 5)).toBe(`https://gitlab.example.com/acme/shop/-/blob/${commit}/src/a%20b.ts#L3-5`);
  });
  it('refuses paths that leave the repository and commits that are not git ids', () => {
    const link = sourceLinker(github, commit);
    expect(link('../etc/passwd', 1)).toBeUndefined();
    expect(link('/etc/passwd', 1)).toBeUndefined();
    expect(sourceLinker(github, 'main')('src/a.ts', 1)).toBeUndefined();
  });
});
