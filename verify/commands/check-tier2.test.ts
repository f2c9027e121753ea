import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../../llm/testing/scripted-server.js';
import { ExitError } from '../errors.js';
import type { OutputFormat } from '../report/formats.js';
import { DECEPTIVE_ASSERTIONS, DECEPTIVE_PROJECT, writeProject } from '../tier2/testing/fixture.js';
import { deceptionScript, promptOf, providerEnv, reply } from '../tier2/testing/scripted-reviewer.js';
import { checkCommand } from './check.js';

const CONTROL = { id: 'C1', description: 'Sessions are verified', verificationCriteria: ['session verified', 'tokens rotate'], riskTier: 'high' };

describe('assay-verify check with Tier 2 (OpenAI SDK against its wire format)', () => {
  let server: ScriptedServer;
  let root: string;
  let file: string;

  async function check(output: OutputFormat, tier2: { provider?: string; require?: boolean } = { provider: 'openai' }) {
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, color: false };
    let code = 0;
    try {
      await checkCommand({ file, output, projectRoot: root, testTimeoutSeconds: 30, tier2: { require: false, ...tier2 }, tier2Env: providerEnv('openai', server.baseURL) }, io);
    } catch (error) {
      if (!(error instanceof ExitError)) throw error;
      code = error.code;
    }
    return { code, stdout, stderr };
  }

  beforeAll(async () => {
    server = await startScriptedServer();
    root = await writeProject(DECEPTIVE_PROJECT);
    file = join(root, 'assertions.json');
    await writeFile(file, JSON.stringify([
      { ...DECEPTIVE_ASSERTIONS[0], aspects: ['session verified'], control: CONTROL },
      { ...DECEPTIVE_ASSERTIONS[4], aspects: ['session verified'], control: CONTROL },
      { id: 'X9', type: 'function_exists', params: { file: 'src/genuine.ts', name: 'rotateTokens' }, aspects: ['tokens rotate'], control: CONTROL },
    ]));
    server.decide((request) => {
      const prompt = promptOf(request);
      if (!prompt.includes('## Sufficiency review')) return reply('openai', deceptionScript(prompt));
      return reply('openai', { criteria: [{ criterion: 'session verified', covered: true, assertionIds: ['X5'] }, { criterion: 'tokens rotate', covered: true, assertionIds: ['X9'] }] }, 'sufficiency_review');
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('json: tier2 per result, the sufficiency section, usage; exit 1; cached under .assay/tier2-cache', async () => {
    const { code, stdout, stderr } = await check('json');
    expect(code).toBe(1);
    const doc = JSON.parse(stdout);
    expect(doc.results.map((r: { verdict: string; tier2: { status: string } }) => [r.verdict, r.tier2.status])).toEqual([['pass', 'fail'], ['pass', 'pass'], ['fail', 'skipped']]);
    expect(doc.results[1].tier2).toMatchObject({ provider: 'openai', model: 'gpt-4.1', cached: false, citations: [{ path: 'src/genuine.ts', startLine: 1, endLine: 8 }] });
    expect(doc.summary).toEqual({ total: 3, passed: 1, failed: 2 });
    expect(doc.tier2Status).toEqual({ status: 'run', provider: 'openai', model: 'gpt-4.1' });
    expect(doc.sufficiency).toEqual([
      expect.objectContaining({ controlId: 'C1', status: 'reviewed', uncovered: ['tokens rotate'], criteria: [{ criterion: 'session verified', covered: true, assertionIds: ['X5'] }, { criterion: 'tokens rotate', covered: false, assertionIds: [] }] }),
    ]);
    expect(doc.tier2Usage).toMatchObject({ calls: 3, cacheHits: 0 });
    expect(stderr).toContain('Tier 2: openai/gpt-4.1: 3 call(s)');
    expect(existsSync(join(root, '.assay', 'tier2-cache'))).toBe(true);
    server.requests.length = 0;
    const again = JSON.parse((await check('json')).stdout);
    expect(server.requests).toHaveLength(0);
    expect(again.results[1].tier2.cached).toBe(true);
  });

  it('text, SARIF, JUnit and GitHub show the Tier 2 failure and the sufficiency gap with file:line', async () => {
    const text = (await check('text')).stdout;
    expect(text).toMatch(/FAIL X1 +function_exists Tier 2 \(openai\/gpt-4\.1, cached\): Tier 2 fail: the function returns a constant/);
    expect(text).toContain('at src/stub.ts:1-4');
    expect(text).toMatch(/FAIL C1\/sufficiency +sufficiency +control C1: not covered by a passing assertion: tokens rotate/);
    expect(text).toContain('3 assertion(s): 1 passed, 2 failed; 1 control(s) with sufficiency gaps');

    const sarif = JSON.parse((await check('sarif')).stdout);
    const failed = sarif.runs[0].results.filter((r: { kind: string }) => r.kind === 'fail');
    expect(failed.map((r: { ruleId: string }) => r.ruleId)).toEqual(['assay/function_exists', 'assay/function_exists', 'assay/sufficiency']);
    expect(failed[0].locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'src/stub.ts' }, region: { startLine: 1, endLine: 4 } });

    const junit = (await check('junit')).stdout;
    expect(junit).toContain('failures="3"');
    expect(junit).toContain('file="src/stub.ts" line="1"');
    expect(junit).toContain('classname="assay.sufficiency"');

    const github = (await check('github')).stdout;
    expect(github).toMatch(/::error file=src\/stub\.ts,line=1,endLine=4,title=Assay X1 \(function_exists\)::Tier 2/);
    expect(github).toMatch(/::error file=src\/stub\.ts,.*title=Assay C1\/sufficiency \(sufficiency\)::control C1: not covered/);
  });

  it('without a provider Tier 2 is skipped with a reason; --require-tier2 makes that exit 1 before any work', async () => {
    const skipped = await check('json', {});
    const doc = JSON.parse(skipped.stdout);
    expect(doc.tier2Status.status).toBe('skipped');
    expect(doc.results[0].tier2).toEqual({ status: 'skipped', reason: doc.tier2Status.reason });
    expect(doc.sufficiency).toEqual([]);
    expect(server.requests).toHaveLength(0);

    const required = await check('json', { require: true });
    expect(required.code).toBe(1);
    expect(required.stdout).toBe('');
    expect(required.stderr).toContain('--require-tier2: no Tier 2 provider configured');
  });
});
