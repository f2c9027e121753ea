import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { assertionSetDigest } from '../domain/content-hash.js';
import { VerificationStatementSchema } from '../domain/schemas/attestation.js';
import { startScriptedServer, type ScriptedServer } from '../llm/testing/scripted-server.js';
import { generateSigningKeyPair } from '../verify/envelope/index.js';
import { deceptionScript, promptOf, reply } from '../verify/tier2/testing/scripted-reviewer.js';
import { seedModel } from './support/evidence.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';

const exec = promisify(execFile);
const VERIFY_BIN = join(import.meta.dirname, '../bin/assay-verify.js');
const SOURCE_MARKER = 'TIER2-SOURCE-MARKER-41c7';

// `assay-verify run --tier2-provider openai` against the real platform and the OpenAI SDK's wire
// format: the evidence bundle goes to the provider, the signed statement carries Tier 2 and the
// sufficiency review, and the platform (which never sees code) accepts it.
describe('assay-verify run with Tier 2', () => {
  let platform: TestPlatform;
  let server: ServerType;
  let llm: ScriptedServer;
  let apiUrl: string;
  let repo: string;
  let keyFile: string;
  let modelId: string;
  const definition = { type: 'function_exists', params: { file: 'src/auth.ts', name: 'verifySession' } };

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.startWorker();
    llm = await startScriptedServer();
    server = serve({ fetch: createApp(platform.services).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pair = await generateSigningKeyPair();
    keyFile = join(mkdtempSync(join(tmpdir(), 'assay-t2-key-')), 'ci.pem');
    writeFileSync(keyFile, pair.privateKeyPem, { mode: 0o600 });
    await platform.services.keys.registerCiKey(platform.workspaceId, { name: 'ci', jwk: pair.publicJwk as never });
    modelId = await seedModel(platform);
    const res = await createApp(platform.services).request(
      `/api/models/${modelId}/assertions`,
      withKey(platform.keys.agent, { method: 'POST', body: JSON.stringify({ assertions: [{ controlId: 'C1', ...definition, aspects: ['session verified'] }] }) }),
    );
    expect(res.status).toBe(201);

    repo = mkdtempSync(join(tmpdir(), 'assay-t2-repo-'));
    mkdirSync(join(repo, 'src'));
    writeFileSync(
      join(repo, 'src/auth.ts'),
      ['export function verifySession(token: string, secret: string): boolean {', `  // ${SOURCE_MARKER}`, "  return token.split('.').length === 3 && secret.length > 0;", '}', ''].join('\n'),
    );
    const git = (...args: string[]) => exec('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { cwd: repo });
    await git('init', '-q');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'implement');
    llm.decide((request) => {
      const prompt = promptOf(request);
      if (!prompt.includes('## Sufficiency review')) return reply('openai', deceptionScript(prompt));
      return reply('openai', { criteria: [{ criterion: 'session verified', covered: true, assertionIds: ['X1'] }] }, 'sufficiency_review');
    });
  });
  afterAll(async () => {
    server?.close();
    await llm?.close();
    await platform?.close();
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  it('signs Tier 2 verdicts and the sufficiency review into the statement; the platform accepts it and never sees code', async () => {
    const args = [VERIFY_BIN, 'run', modelId, '--project-root', repo, '--api-url', apiUrl, '--api-key', platform.keys.verifier, '--signing-key-file', keyFile, '--output', 'json', '--tier2-provider', 'openai'];
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${llm.baseURL}/v1` };
    const run = await exec(process.execPath, args, { env }).then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => e);
    expect(run.stderr).toMatch(/accepted/);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { models: Array<{ results: Array<{ tier2: { status: string } }>; sufficiency: Array<{ uncovered: string[] }> }> };
    expect(doc.models[0]!.results[0]!.tier2, run.stdout + run.stderr).toMatchObject({ status: 'pass' });
    expect(doc.models[0]!.sufficiency[0]!.uncovered).toEqual([]);
    // What left the CI machine for the provider: the evidence bundle (code included) …
    expect(llm.requests.map(promptOf).join('\n')).toContain(SOURCE_MARKER);

    const [submission] = await platform.database.db.collection('run_submissions').find().toArray();
    const statement = VerificationStatementSchema.parse(JSON.parse(Buffer.from(submission!.envelope.payload as string, 'base64').toString()));
    const p = statement.predicate;
    expect(p.tiers).toEqual([1, 2]);
    expect(p.tier2Status).toEqual({ status: 'run', provider: 'openai', model: 'gpt-4.1' });
    expect(p.assertions[0]!.tier2).toMatchObject({ verdict: 'pass', provider: 'openai', cached: false, citations: [{ path: 'src/auth.ts', startLine: 1, endLine: 4 }] });
    expect(p.sufficiency).toEqual([expect.objectContaining({ controlId: 'C1', status: 'reviewed', criteria: [{ criterion: 'session verified', covered: true, assertionIds: ['X1'] }] })]);
    // The review counts for exactly the control's current assertion set, as the platform computes it.
    expect(p.sufficiency![0]!.assertionSetDigest).toBe(assertionSetDigest('C1', [{ id: 'X1', ...definition }]));
    expect(p.tier2Usage).toMatchObject({ calls: 2, cacheHits: 0, inputTokens: 20, outputTokens: 10 });

    // … and nothing of the code reached the platform.
    for (const { name } of await platform.database.db.listCollections().toArray()) {
      expect(JSON.stringify(await platform.database.db.collection(name).find().toArray()), name).not.toContain(SOURCE_MARKER);
    }
    expect(Buffer.from(submission!.envelope.payload as string, 'base64').toString()).not.toContain(SOURCE_MARKER);

    // The next run on the same checkout: the cache (inside the project) leaves the tree clean, and answers everything.
    llm.requests.length = 0;
    const again = await exec(process.execPath, args, { env }).then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => e);
    expect(again.stderr).toMatch(/accepted/);
    expect(again.code).toBe(0);
    expect(llm.requests).toHaveLength(0);
    expect(again.stderr).toContain('Tier 2: openai/gpt-4.1: 0 call(s), 2 cache hit(s)');
  });
});
