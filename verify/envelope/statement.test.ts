import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContentHash } from '../../domain/content-hash.js';
import { MAX_DETAILS_CHARS, MAX_EVIDENCE_PER_RESULT, VerificationStatementSchema } from '../../domain/schemas/attestation.js';
import { sampleEntries, sampleTier2 } from '../../test/support/run-statement.js';
import { readGitCommit } from './git-commit.js';
import { buildStatement, type BuildStatementInput } from './statement.js';

let repo: string;
let notRepo: string;
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'assay-git-'));
  notRepo = await mkdtemp(join(tmpdir(), 'assay-nogit-'));
  git('init', '-q');
  await writeFile(join(repo, 'auth.ts'), 'export function verifySession() {}\n');
  git('add', 'auth.ts');
  git('commit', '-q', '-m', 'first');
});
afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
  await rm(notRepo, { recursive: true, force: true });
});

const input = (overrides: Partial<BuildStatementInput> = {}): BuildStatementInput => ({
  root: repo,
  // A CI variable naming another commit must not end up in the statement.
  env: { GITHUB_ACTIONS: 'true', GITHUB_RUN_ID: '77', GITHUB_REPOSITORY: 'acme/shop', GITHUB_REF_NAME: 'main', GITHUB_SHA: 'f'.repeat(40) },
  workspaceId: 'ws-1',
  modelId: 'model-1',
  modelVersion: 2,
  assertions: sampleEntries(),
  tier2Status: { status: 'skipped', reason: 'no LLM provider configured' },
  tool: { name: 'assay-verify', version: '0.1.0' },
  startedAt: '2025-01-01T10:00:00.000Z',
  finishedAt: '2025-01-01T10:01:00.000Z',
  ...overrides,
});

async function built(overrides: Partial<BuildStatementInput> = {}) {
  const result = await buildStatement(input(overrides));
  if (!result.ok) throw new Error(result.reason);
  return result;
}

describe('buildStatement', () => {
  it('takes the subject commit from git in the project root, not from CI variables', async () => {
    const first = await built();
    expect(first.statement.subject[0].digest.gitCommit).toBe(git('rev-parse', 'HEAD'));
    expect(first.statement.subject[0].digest.gitCommit).not.toBe('f'.repeat(40));

    await writeFile(join(repo, 'auth.ts'), 'export function verifySession() { return true; }\n');
    git('commit', '-q', '-am', 'second');
    const second = await built();
    expect(second.statement.subject[0].digest.gitCommit).toBe(git('rev-parse', 'HEAD'));
    expect(second.statement.subject[0].digest.gitCommit).not.toBe(first.statement.subject[0].digest.gitCommit);
  });

  it('produces a schema-valid statement with pipeline, tiers, content hash and a fresh nonce', async () => {
    const { statement, dirty } = await built();
    expect(VerificationStatementSchema.safeParse(statement).success).toBe(true);
    expect(dirty).toBe(false);
    const p = statement.predicate;
    expect(p.pipeline).toEqual({
      provider: 'github',
      runId: '77',
      runUrl: 'https://github.com/acme/shop/actions/runs/77',
      branch: 'main',
      repository: 'acme/shop',
    });
    expect(statement.subject[0].name).toBe('acme/shop');
    expect(p.tiers).toEqual([1]);
    expect(p.contentHash).toBe(runContentHash(sampleEntries()));
    expect(p.nonce).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await built()).statement.predicate.nonce).not.toBe(p.nonce);
  });

  it('records tier 2 when it ran', async () => {
    const entries = sampleEntries().map((e) => ({ ...e, tier2: sampleTier2() }));
    const { statement } = await built({ assertions: entries, tier2Status: { status: 'run', provider: 'openai', model: 'test-model' } });
    expect(statement.predicate.tiers).toEqual([1, 2]);
    expect(statement.predicate.contentHash).toBe(runContentHash(entries));
  });

  it('clamps long details and caps evidence before hashing, so the hash covers what is signed', async () => {
    const [first, second] = sampleEntries();
    const evidence = Array.from({ length: MAX_EVIDENCE_PER_RESULT + 5 }, (_, i) => ({
      path: `src/f${i}.ts`,
      sha256: 'b'.repeat(64),
      startLine: 1,
      endLine: 2,
    }));
    const noisy = { ...first!, tier1: { ...first!.tier1, details: 'y'.repeat(3000), evidence } };
    const { statement } = await built({ assertions: [noisy, second!] });
    const attested = statement.predicate.assertions[0]!.tier1;
    expect(attested.details.length).toBeLessThanOrEqual(MAX_DETAILS_CHARS);
    expect(attested.evidence).toHaveLength(MAX_EVIDENCE_PER_RESULT);
    expect(statement.predicate.contentHash).toBe(runContentHash(statement.predicate.assertions));
    expect(statement.predicate.contentHash).not.toBe(runContentHash([noisy, second!]));
  });

  it('records the git source, and outside CI takes the branch from git', async () => {
    const { statement } = await built({ env: {} });
    expect(statement.predicate.source).toEqual({ dirty: false, ancestry: [git('rev-parse', 'HEAD~1')] });
    expect(statement.predicate.pipeline).toMatchObject({ provider: 'local', branch: git('symbolic-ref', '--short', 'HEAD') });
  });

  it('reports uncommitted changes as dirty', async () => {
    await writeFile(join(repo, 'auth.ts'), 'export function verifySession() { return false; }\n');
    expect((await built()).dirty).toBe(true);
    git('checkout', '--', 'auth.ts');
    expect((await built()).dirty).toBe(false);
  });

  it('fails with a reason outside a git repository or for an invalid statement', async () => {
    const outside = await buildStatement(input({ root: notRepo }));
    expect(outside).toMatchObject({ ok: false, reason: expect.stringContaining('cannot read the git commit') });
    const invalid = await buildStatement(input({ modelVersion: 0 }));
    expect(invalid).toMatchObject({ ok: false, reason: expect.stringContaining('predicate.modelVersion') });
  });
});

describe('readGitCommit', () => {
  it('returns the full 40-hex HEAD commit', async () => {
    expect(await readGitCommit(repo)).toEqual({ ok: true, commit: git('rev-parse', 'HEAD'), dirty: false });
  });
});

describe('buildStatement with malformed assertions', () => {
  it('returns a reason instead of throwing', async () => {
    const [first] = sampleEntries();
    const tooLongId = { ...first!, definition: { ...first!.definition, id: 'x'.repeat(65) } };
    const result = await buildStatement(input({ assertions: [tooLongId] }));
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('definition.id') });
  });
});
