import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { startScriptedServer } from '../llm/testing/scripted-server.js';
import { installCliPackage, type InstalledCli } from '../scripts/install-cli-package.js';
import { deceptionScript, promptOf, reply } from '../verify/tier2/testing/scripted-reviewer.js';
import { seedModel } from './support/evidence.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

const exec = promisify(execFile);
const FIXTURES = resolve(import.meta.dirname, '../verify/fixtures/code');
type Outcome = { code: number; stdout: string; stderr: string };

// The package as a CI job gets it: `npm pack`, installed into an empty folder with production
// dependencies only, every command run from there with a bare environment (no repo, no tsx).
describe('the installed @assay-dev/verify tarball', () => {
  let work: string;
  let cli: InstalledCli;
  let platform: TestPlatform;
  let server: ServerType;
  let apiUrl: string;
  // Set by the run test, reused by the Action's: a committed checkout, a registered key, two models.
  let repo: string;
  let keyFile: string;
  let models: string[];
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  const run = (bin: string, args: string[], extra: Record<string, string> = {}): Promise<Outcome> =>
    exec(bin, args, { env: { ...env, ...extra }, cwd: work, timeout: 60_000 }).then(
      (r) => ({ code: 0, ...r }),
      (e: Outcome) => e,
    );
  const verify = (...args: string[]) => run(cli.bin.verify, args);

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'assay-cli-package-'));
    [cli, platform] = await Promise.all([installCliPackage(work), createTestPlatform()]);
    await platform.startWorker();
    server = serve({ fetch: createApp(platform.services).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 400_000);
  afterAll(async () => {
    server?.close();
    await platform?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships plain JavaScript only, and installs none of the platform or build tooling', async () => {
    const listing = (await exec('tar', ['-tzf', cli.tarball])).stdout.split('\n').filter(Boolean);
    expect(listing).toContain('package/bin/assay-verify.js');
    expect(listing).toContain('package/verify/main.js');
    expect(listing).toContain('package/admin/main.js');
    expect(listing.filter((f) => f.endsWith('.ts') || f.includes('fixtures') || f.includes('.test.'))).toEqual([]);
    const installed = readdirSync(join(cli.dir, 'node_modules'));
    for (const absent of ['tsx', 'typescript', 'vitest', '@temporalio', 'hono', 'mongodb', '@modelcontextprotocol']) expect(installed).not.toContain(absent);
    // Tier 2 runs in CI: its prompt templates ship, and so do the two provider SDKs it calls.
    expect(listing).toContain('package/verify/tier2/prompts/system.md');
    expect(listing).toContain('package/llm/openai.js');
    for (const sdk of ['openai', '@anthropic-ai']) expect(installed).toContain(sdk);
    for (const grammar of ['python', 'go', 'java']) expect(existsSync(join(cli.dir, `node_modules/tree-sitter-${grammar}/tree-sitter-${grammar}.wasm`))).toBe(true);
    const fastPath = (await verify('--version')).stdout;
    expect(fastPath).toContain(`assay-verify/${cli.version}`);
    expect((await verify('--version', '--output', 'text')).stdout).toBe(fastPath); // the full command table, same line
  });

  it('check: each language fixture, through the real parsers (a comment never counts)', async () => {
    const file = join(work, 'assertions.json');
    writeFileSync(
      file,
      JSON.stringify([
        { id: 'TS', type: 'function_exists', params: { file: 'ts/functions.ts', name: 'authenticate' } },
        { id: 'TS-COMMENT', type: 'function_exists', params: { file: 'ts/functions.ts', name: 'login' } },
        { id: 'PY', type: 'function_exists', params: { file: 'py/app.py', name: 'create_user' } },
        { id: 'PY-COMMENT', type: 'function_exists', params: { file: 'py/app.py', name: 'login' } },
        { id: 'GO', type: 'function_exists', params: { file: 'go/server.go', name: 'Server.Start' } },
        { id: 'JAVA', type: 'decorator_present', params: { file: 'java/UserController.java', decorator: 'RestController', target: 'UserController' } },
        { id: 'JAVA-COMMENT', type: 'function_exists', params: { file: 'java/UserController.java', name: 'login' } },
      ]),
    );
    const out = await verify('check', file, '--project-root', FIXTURES, '--output', 'json');
    expect(out.code, out.stderr).toBe(1);
    const verdicts = Object.fromEntries((JSON.parse(out.stdout) as { results: Array<{ id: string; verdict: string }> }).results.map((r) => [r.id, r.verdict]));
    expect(verdicts).toEqual({ TS: 'pass', 'TS-COMMENT': 'fail', PY: 'pass', 'PY-COMMENT': 'fail', GO: 'pass', JAVA: 'pass', 'JAVA-COMMENT': 'fail' });
    const one = await verify('verify', 'function_exists', '-p', 'file=go/server.go', '-p', 'name=NewServer', '--project-root', FIXTURES);
    expect(one.code, one.stderr).toBe(0);
  });

  it('Tier 2 from the package: the prompt templates load and the OpenAI SDK speaks to the provider', async () => {
    const llm = await startScriptedServer();
    try {
      llm.decide((request) => reply('openai', deceptionScript(promptOf(request))));
      const args = ['verify', 'function_exists', '-p', 'file=ts/functions.ts', '-p', 'name=authenticate', '--project-root', FIXTURES, '--output', 'json'];
      const out = await run(cli.bin.verify, [...args, '--tier2-provider', 'openai', '--tier2-cache', join(work, 'tier2-cache')], { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${llm.baseURL}/v1` });
      const [result] = (JSON.parse(out.stdout) as { results: Array<{ tier2: { status: string; provider?: string } }> }).results;
      expect(result!.tier2, out.stderr).toMatchObject({ status: 'pass', provider: 'openai' });
      expect(llm.requests).toHaveLength(1);
      expect(promptOf(llm.requests[0]!)).toContain('A claim is not evidence');
    } finally {
      await llm.close();
    }
  });

  it('keygen writes a 0600 private key and will not overwrite it without --force', async () => {
    const keys = join(work, 'keys');
    mkdirSync(keys);
    const args = ['keygen', '--private-key-file', join(keys, 'ci.pem'), '--public-key-file', join(keys, 'ci.jwk.json')];
    expect((await verify(...args)).code).toBe(0);
    expect(statSync(join(keys, 'ci.pem')).mode & 0o777).toBe(0o600);
    const first = readFileSync(join(keys, 'ci.pem'), 'utf8');
    const again = await verify(...args);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; pass --force/);
    expect(readFileSync(join(keys, 'ci.pem'), 'utf8')).toBe(first);
    expect((await verify(...args, '--force')).code).toBe(0);
    expect(readFileSync(join(keys, 'ci.pem'), 'utf8')).not.toBe(first);
  });

  it('assay-admin registers the key; run --all signs, submits and prints one document; list and report read back', async () => {
    const keys = join(work, 'run-keys');
    mkdirSync(keys);
    keyFile = join(keys, 'ci.pem');
    expect((await verify('keygen', '--private-key-file', join(keys, 'ci.pem'), '--public-key-file', join(keys, 'ci.jwk.json'))).code).toBe(0);
    const admin = await run(cli.bin.admin, ['ci-keys', 'add', join(keys, 'ci.jwk.json'), '--name', 'package-test'], { ASSAY_API_URL: apiUrl, ASSAY_API_KEY: platform.keys.admin });
    expect(admin.code, admin.stderr).toBe(0);
    // Negative: the agent key cannot register a CI key through the packaged admin CLI either.
    const refused = await run(cli.bin.admin, ['ci-keys', 'add', join(keys, 'ci.jwk.json')], { ASSAY_API_URL: apiUrl, ASSAY_API_KEY: platform.keys.agent });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/403/);

    repo = join(work, 'repo');
    mkdirSync(join(repo, 'src'), { recursive: true });
    writeFileSync(join(repo, 'src/auth.ts'), 'export function verifySession(token: string) {\n  return token.length > 0;\n}\n');
    const git = (...args: string[]) => exec('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { cwd: repo });
    await git('init', '-q');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'auth');
    models = [await seedModel(platform), await seedModel(platform)];
    for (const modelId of models) {
      // The same local shape in both models: their results must stay apart in every report.
      await platform.services.assertions.submit(platform.workspaceId, modelId, {
        assertions: [
          { controlId: 'C1', type: 'function_exists', params: { file: 'src/auth.ts', name: 'verifySession' }, aspects: ['session verified'] },
          { controlId: 'C1', type: 'file_exists', params: { file: 'SECURITY.md' }, aspects: [] },
        ],
      });
    }

    const sarif = join(work, 'assay.sarif');
    const junit = join(work, 'junit.xml');
    const summary = join(work, 'summary.md');
    const out = await run(
      cli.bin.verify,
      ['run', '--all', '--project-root', repo, '--signing-key-file', join(keys, 'ci.pem'), '--output', 'json', '--report-file', `sarif=${sarif}`, '--report-file', `junit=${junit}`, '--report-file', `summary=${summary}`],
      { ASSAY_API_URL: apiUrl, ASSAY_API_KEY: platform.keys.verifier },
    );
    expect(out.code, out.stderr).toBe(1); // SECURITY.md is missing in both models
    const doc = JSON.parse(out.stdout) as { models: Array<{ modelId: string; runId: string; platformVerdict: { status: string }; summary: { failed: number } }>; summary: { total: number } };
    expect(doc.models.map((m) => [m.modelId, m.platformVerdict.status, m.summary.failed]).sort()).toEqual(models.map((m) => [m, 'accepted', 1]));
    expect(doc.summary.total).toBe(4);
    const ids = (JSON.parse(readFileSync(sarif, 'utf8')) as { runs: Array<{ results: Array<{ partialFingerprints: { assertionId: string } }> }> }).runs[0]!.results.map((r) => r.partialFingerprints.assertionId);
    expect(new Set(ids).size).toBe(4);
    expect(readFileSync(junit, 'utf8').match(/<testsuite /g)).toHaveLength(2);
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('| critical | 1 |');
    expect(md).toContain(`### ${models[0]} (version 1)`);

    const list = await run(cli.bin.verify, ['list', '--output', 'json'], { ASSAY_API_URL: apiUrl, ASSAY_API_KEY: platform.keys.verifier });
    expect((JSON.parse(list.stdout) as { models: Array<{ modelId: string }> }).models.map((m) => m.modelId)).toEqual(expect.arrayContaining(models));
    const report = await run(cli.bin.verify, ['report', models[0]!, '--output', 'json'], { ASSAY_API_URL: apiUrl, ASSAY_API_KEY: platform.keys.verifier });
    expect((JSON.parse(report.stdout) as { lastRun: { runId: string } | null }).lastRun?.runId).toBe(doc.models.find((m) => m.modelId === models[0])!.runId);
  });

  it("action.yml's script runs the packaged CLI: SARIF file, job summary and outputs for the next steps", async () => {
    const action = parseYaml(readFileSync(resolve(import.meta.dirname, '../action.yml'), 'utf8')) as { runs: { steps: Array<{ id?: string; run: string }> } };
    const script = action.runs.steps.find((step) => step.id === 'verify')!.run;
    // What the runner provides: RUNNER_TEMP with the package installed by the previous step, the output and summary files.
    const runnerTemp = join(work, 'runner-temp');
    mkdirSync(join(runnerTemp, 'assay-verify'), { recursive: true });
    await exec('ln', ['-s', join(cli.dir, 'node_modules'), join(runnerTemp, 'assay-verify/node_modules')]);
    const githubOutput = join(work, 'github-output');
    const stepSummary = join(work, 'step-summary.md');
    writeFileSync(githubOutput, '');
    writeFileSync(stepSummary, '# earlier step\n');
    const out = await exec('bash', ['-e', '-c', script], {
      cwd: repo,
      env: {
        ...env,
        RUNNER_TEMP: runnerTemp,
        GITHUB_OUTPUT: githubOutput,
        GITHUB_STEP_SUMMARY: stepSummary,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'acme/shop',
        ASSAY_API_URL: apiUrl,
        ASSAY_API_KEY: platform.keys.verifier,
        ASSAY_SIGNING_KEY: readFileSync(keyFile, 'utf8'),
        INPUT_MODEL: models[0]!,
        INPUT_OUTPUT: 'github',
        INPUT_SARIF_FILE: '',
        INPUT_TIER2_PROVIDER: '',
        INPUT_OIDC_AUDIENCE: 'assay',
      },
      timeout: 60_000,
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: Outcome) => e,
    );
    expect(out.code, out.stderr).toBe(1); // SECURITY.md is missing: the step fails, its outputs are still set
    expect(out.stdout).toMatch(new RegExp(`::error file=SECURITY\\.md,title=Assay ${models[0]}/X\\d+ \\(file_exists\\)::`));
    const outputs = readFileSync(githubOutput, 'utf8');
    expect(outputs).toContain(`sarif-file=${join(runnerTemp, 'assay.sarif')}\n`);
    expect(outputs).toContain('exit-code=1\n');
    expect((JSON.parse(readFileSync(join(runnerTemp, 'assay.sarif'), 'utf8')) as { version: string }).version).toBe('2.1.0');
    const summary = readFileSync(stepSummary, 'utf8');
    expect(summary.startsWith('# earlier step\n')).toBe(true); // appended, as GitHub expects
    expect(summary).toMatch(/\[SECURITY\.md\]\(https:\/\/github\.com\/acme\/shop\/blob\/[0-9a-f]{40}\/SECURITY\.md\)/);
  });
});
