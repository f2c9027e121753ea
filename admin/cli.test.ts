import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_INTERNAL, EXIT_USAGE, exitCodeFor, PlatformError, UsageError } from '../verify/errors.js';
import { runAdminCli } from './cli.js';

// The platform round trips are covered against a running API in test/admin-cli.test.ts; here,
// what is refused before (or without) a request, and how each failure maps to an exit code.
const UNREACHABLE = { ASSAY_API_URL: 'http://127.0.0.1:9', ASSAY_API_KEY: 'k' };
function capture() {
  const out: string[] = [];
  return { out, io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: () => true }, color: false } };
}
const failure = (argv: string[], env: NodeJS.ProcessEnv = UNREACHABLE) => runAdminCli(argv, capture().io, env).then(() => undefined, (e: unknown) => e);

describe('assay-admin command table', () => {
  it.each<[string, string[], NodeJS.ProcessEnv, RegExp]>([
    ['no command', [], UNREACHABLE, /no command given/],
    ['an unknown command', ['rotate'], UNREACHABLE, /unknown command "rotate"/],
    ['keys create without a scope', ['keys', 'create', '--name', 'ci'], UNREACHABLE, /--name and at least one --scope/],
    ['an unknown keys action', ['keys', 'rename', 'k1'], UNREACHABLE, /use: keys list/],
    ['a workspace command without an admin key', ['workspace'], { ASSAY_API_URL: 'http://127.0.0.1:9' }, /no API key/],
    ['workspaces without the instance key (a workspace key is not one)', ['workspaces', 'list'], UNREACHABLE, /no instance key/],
    ['tracked-branch with both a branch and --clear', ['tracked-branch', 'M1', 'main', '--clear'], UNREACHABLE, /not both/],
    ['sufficiency approve without --reason', ['sufficiency', 'approve', 'M1', 'C1'], UNREACHABLE, /needs --reason/],
    ['an API URL that is not a URL', ['workspace', '--api-url', 'not a url'], UNREACHABLE, /not a URL/],
  ])('refuses %s as a usage error (exit 2), before any request', async (_, argv, env, message) => {
    const error = await failure(argv, env);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect(exitCodeFor(error, 'assay-admin').code).toBe(EXIT_USAGE);
  });

  it('a JWK or issuers file that is not JSON is a usage error naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'assay-admin-unit-'));
    try {
      const file = join(dir, 'key.jwk.json');
      await writeFile(file, '{ not json');
      for (const argv of [['ci-keys', 'add', file], ['trusted-issuers', file], ['trusted-issuers', join(dir, 'missing.json')]]) {
        const error = await failure(argv);
        expect(error).toBeInstanceOf(UsageError);
        expect((error as Error).message).toContain(dir);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an unreachable platform is a platform error (exit 2) naming it; a bug is exit 3 naming assay-admin', async () => {
    const error = await failure(['keys', 'list']);
    expect(error).toBeInstanceOf(PlatformError);
    expect(exitCodeFor(error, 'assay-admin')).toEqual({ code: EXIT_USAGE, message: expect.stringMatching(/^error: cannot reach http:\/\/127\.0\.0\.1:9/) });
    expect(exitCodeFor(new TypeError('x'), 'assay-admin')).toEqual({ code: EXIT_INTERNAL, message: expect.stringContaining('a bug in assay-admin') });
  });

  it('--help prints the command table and succeeds', async () => {
    const { io } = capture();
    const logged: string[] = [];
    const info = console.info;
    console.info = (line: string) => void logged.push(line); // cac prints help with console.info
    try {
      await runAdminCli(['--help'], io, UNREACHABLE);
    } finally {
      console.info = info;
    }
    expect(logged.join('\n')).toMatch(/tracked-branch <model> \[branch\]/);
  });
});
