import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, type RecordedRequest, type ScriptedReply, type ScriptedServer } from '../llm/testing/scripted-server.js';
import { deceptionScript, promptOf, providerEnv, reply } from '../verify/tier2/testing/scripted-reviewer.js';
import { callOk } from './support/mcp-client.js';
import { assayVerify, servePlatform, type ServedPlatform } from './support/served-platform.js';

const exec = promisify(execFile);

/**
 * Stands in for the customer's model behind an OpenAI-compatible endpoint: Tier 2 verdicts from
 * the shared deception script (a genuine body passes, citing what it was sent); the sufficiency
 * review covers every listed criterion with every assertion it was shown.
 */
function reviewer(request: RecordedRequest): ScriptedReply {
  const prompt = promptOf(request);
  const schema = (request.body as { response_format?: { json_schema?: { name?: string } } }).response_format?.json_schema?.name;
  if (schema !== 'sufficiency_review') return reply('openai', deceptionScript(prompt));
  const criteria = [...prompt.matchAll(/^\d+\. (.+)$/gm)].map((m) => m[1]!);
  const assertionIds = [...new Set([...prompt.matchAll(/^assertion (\S+):/gm)].map((m) => m[1]!))];
  return reply('openai', { criteria: criteria.map((criterion) => ({ criterion, covered: true, assertionIds })) });
}

// SPEC §5 end to end, as a user runs it: an offline model, the agent's assertions over MCP,
// `assay-verify run --tier2-provider openai` as a child process against a local OpenAI-wire
// server, and the default `verified` policy: controls verified, the objective mitigated.
describe('Tier 2 end to end through the assay-verify CLI', () => {
  let served: ServedPlatform;
  let agent: Client;
  let llm: ScriptedServer;
  let repo: string;
  let modelId: string;
  let objectiveId: string;
  let groupControls: string[];

  const git = (...args: string[]) => exec('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { cwd: repo });
  const objective = async () => {
    const { posture } = await callOk(agent, 'assess_posture', { modelId });
    return (posture.objectives as Array<{ objectiveId: string; status: string; reasons: string[] }>).find((o) => o.objectiveId === objectiveId)!;
  };

  beforeAll(async () => {
    served = await servePlatform();
    agent = served.agent;
    llm = await startScriptedServer();
    llm.decide(reviewer);
    repo = mkdtempSync(join(tmpdir(), 'assay-tier2-e2e-'));
  });
  afterAll(async () => {
    await served?.close();
    await llm?.close();
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  it('an offline model; the agent implements a control group and submits its assertions over MCP', async () => {
    const started = await callOk(agent, 'generate_threat_model', { description: 'A REST API with JWT authentication' });
    modelId = started.modelId as string;
    await served.platform.temporal.workflow.getHandle(started.operationId as string).result();
    const { posture } = await callOk(agent, 'assess_posture', { modelId });
    const target = (posture.objectives as Array<{ objectiveId: string; groups: Array<{ controlIds: string[] }> }>).find((o) => o.groups.length > 0)!;
    objectiveId = target.objectiveId;
    groupControls = target.groups[0]!.controlIds;
    const { controls } = await callOk(agent, 'get_controls', { modelId });
    const mine = (controls as Array<{ id: string; verificationCriteria: string[] }>).filter((c) => groupControls.includes(c.id));
    const names = mine.map((c) => `${c.id.toLowerCase()}Check`);
    mkdirSync(join(repo, 'src'));
    const body = names.map((n) => `export function ${n}(input: string): string {\n  if (input.length > 256) throw new Error('too long');\n  return input.trim();\n}\n`);
    writeFileSync(join(repo, 'src/controls.ts'), body.join('\n'));
    await git('init', '-q');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'implement controls');
    const assertions = mine.map((c, i) => ({ controlId: c.id, type: 'function_exists', params: { file: 'src/controls.ts', name: names[i] }, aspects: c.verificationCriteria }));
    await callOk(agent, 'submit_assertions', { modelId, assertions });
    for (const controlId of groupControls) await callOk(agent, 'update_control_status', { modelId, controlId, status: 'implemented' });
    expect(await objective()).toMatchObject({ status: 'at_risk' });
  });

  it('assay-verify runs both tiers and the sufficiency review; the platform verifies the controls and mitigates the objective', async () => {
    const { apiUrl, keyFile, platform } = served;
    const args = ['run', modelId, '--project-root', repo, '--api-url', apiUrl, '--api-key', platform.keys.verifier, '--signing-key-file', keyFile, '--output', 'json', '--tier2-provider', 'openai', '--tier2-model', 'gpt-test'];
    const run = await assayVerify(args, providerEnv('openai', llm.baseURL));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/accepted/);
    // One verdict per assertion and one sufficiency review per control reached the provider.
    expect(llm.requests.length).toBe(2 * groupControls.length);

    const report = await callOk(agent, 'get_verification_report', { modelId });
    expect([...(report.controlsByLevel.verified ?? [])].sort()).toEqual([...groupControls].sort());
    for (const c of report.controls.filter((x: { controlId: string }) => groupControls.includes(x.controlId))) {
      expect(c).toMatchObject({ level: 'verified', reasons: [], tier2Failures: [], sufficiency: { status: 'covered', lastReview: { current: true } } });
    }
    expect(await objective()).toMatchObject({ status: 'mitigated', reasons: ['verified_group'] });
  });
});
