import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_USAGE, exitCodeFor, UsageError } from '../errors.js';
import { runCommand, type RunOptions } from './run.js';

const io = { stdout: { write: () => true }, stderr: { write: () => true }, color: false };
const base: RunOptions = {
  output: 'json',
  projectRoot: '.',
  testTimeoutSeconds: 60,
  all: false,
  dryRun: false,
  filter: 'all',
  oidcAudience: 'assay',
  waitSeconds: 1,
  // An unreachable platform is reported at once here, not after the retries CI would make.
  env: { ASSAY_API_RETRIES: '0' },
  tier2: { require: false },
  tier2Env: {},
};

// The platform round trip is covered end to end in test/evidence-loop-e2e.test.ts.
describe('assay-verify run: usage errors before any work', () => {
  it.each<[string, Partial<RunOptions>, RegExp]>([
    ['neither a model nor --all', {}, /model id or --all/],
    ['both a model and --all', { model: 'M1', all: true }, /not both/],
    ['no platform URL', { model: 'M1', apiKey: 'k' }, /--api-url/],
    ['no API key', { model: 'M1', apiUrl: 'http://127.0.0.1:9' }, /--api-key/],
    ['an API URL that is not a URL', { model: 'M1', apiUrl: 'not a url', apiKey: 'k' }, /not a URL/],
  ])('refuses %s', async (_, options, message) => {
    const error = await runCommand({ ...base, ...options }, io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });

  it('reports an unreachable platform as a usage error naming it', async () => {
    // A shared checkout may carry untracked files (a node_modules link): not what this test is about.
    const error = await runCommand({ ...base, model: 'M1', apiUrl: 'http://127.0.0.1:9', apiKey: 'k', allowDirty: true }, io).catch((e: unknown) => e);
    expect(exitCodeFor(error)).toEqual({ code: EXIT_USAGE, message: expect.stringMatching(/^error: cannot reach http:\/\/127\.0\.0\.1:9/) });
  });

  it('refuses a dirty working tree (an untracked file) before contacting the platform, unless --allow-dirty or --dry-run', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'assay-dirty-'));
    try {
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], { cwd: repo });
      git('init', '-q');
      git('commit', '-q', '--allow-empty', '-m', 'first');
      await writeFile(join(repo, 'extra.test.ts'), 'it("passes", () => {})\n');
      const options = { ...base, projectRoot: repo, model: 'M1', apiUrl: 'http://127.0.0.1:9', apiKey: 'k' };
      const refused = await runCommand(options, io).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(UsageError);
      expect((refused as Error).message).toMatch(/untracked files.*--allow-dirty/);
      for (const allowed of [{ allowDirty: true }, { dryRun: true }]) {
        const error = await runCommand({ ...options, ...allowed }, io).catch((e: unknown) => e);
        expect((error as Error).message).toMatch(/cannot reach/);
      }
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });
});
