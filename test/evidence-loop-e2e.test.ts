import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../api/app.js';
import { callOk } from './support/mcp-client.js';
import { withKey, type TestPlatform } from './support/platform.js';
import { assayVerify, servePlatform, type ServedPlatform } from './support/served-platform.js';

const exec = promisify(execFile);
/** Appears only in the fixture's source: it must never reach the platform (SPEC §1.1). */
const SOURCE_MARKER = 'SOURCE-MARKER-7f3a9c';

// The seed's five steps end to end on the real servers: describe → model (offline provider) →
// agent submits assertions over MCP → `assay-verify run` checks, signs and submits → posture,
// drift and findings follow the code.
describe('evidence loop end to end', () => {
  let served: ServedPlatform;
  let platform: TestPlatform;
  let apiUrl: string;
  let agent: Client;
  let repo: string;
  let keyFile: string;
  let modelId: string;
  let groupControls: string[];
  let objectiveId: string;
  const functions: string[] = [];
  const assertionIds: string[] = [];
  const controlOf = new Map<string, string>();

  const git = (...args: string[]) => exec('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { cwd: repo });
  function writeSource(omit?: string) {
    const body = functions.filter((f) => f !== omit).map((f) => `export function ${f}(input: string): string {\n  // ${SOURCE_MARKER}\n  return input.trim();\n}\n`);
    writeFileSync(join(repo, 'src/controls.ts'), body.join('\n'));
  }
  async function commitAll(message: string) {
    await git('add', '-A');
    await git('commit', '-q', '-m', message);
  }
  const verifyRun = (...extra: string[]) => assayVerify(['run', modelId, '--project-root', repo, '--api-url', apiUrl, '--api-key', platform.keys.verifier, '--signing-key-file', keyFile, '--output', 'json', ...extra]);
  const agentGet = async <T>(path: string) => (await (await createApp(platform.services).request(path, withKey(platform.keys.agent))).json()) as T;
  const objective = async () =>
    (await agentGet<{ posture: { objectives: Array<{ objectiveId: string; status: string; reasons: string[] }> } }>(`/api/models/${modelId}/posture`)).posture.objectives.find((o) => o.objectiveId === objectiveId)!;

  beforeAll(async () => {
    served = await servePlatform();
    ({ platform, apiUrl, agent, keyFile } = served);
    await platform.stores.workspaces.setPolicy(platform.workspaceId, { requiredLevel: 'tier1' });
    repo = mkdtempSync(join(tmpdir(), 'assay-e2e-repo-'));
  });
  afterAll(async () => {
    await served?.close();
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  it('1-2. describes a feature and gets a threat model from the offline provider', async () => {
    const started = await callOk(agent, 'generate_threat_model', { description: 'A REST API with JWT authentication, file uploads to S3, and pre-signed download URLs' });
    modelId = started.modelId as string;
    await platform.temporal.workflow.getHandle(started.operationId as string).result();
    const { posture } = await agentGet<{ posture: { objectives: Array<{ objectiveId: string; status: string; groups: Array<{ controlIds: string[] }> }> } }>(`/api/models/${modelId}/posture`);
    expect(posture.objectives.length).toBeGreaterThan(0);
    const target = posture.objectives.find((o) => o.groups.length > 0)!;
    objectiveId = target.objectiveId;
    groupControls = target.groups[0]!.controlIds;
    expect(target.status).toBe('at_risk');
  });

  it('3. the agent implements the controls and submits assertions over MCP', async () => {
    const { controls } = await callOk(agent, 'get_controls', { modelId });
    const assertions = (controls as Array<{ id: string; verificationCriteria: string[] }>)
      .filter((c) => groupControls.includes(c.id))
      .flatMap((c) =>
        c.verificationCriteria.map((criterion, k) => {
          const name = `${c.id.toLowerCase()}Criterion${k}`;
          functions.push(name);
          return { controlId: c.id, type: 'function_exists', params: { file: 'src/controls.ts', name }, aspects: [criterion] };
        }),
      );
    mkdirSync(join(repo, 'src'));
    await git('init', '-q');
    writeSource();
    await commitAll('implement controls');
    const submitted = await callOk(agent, 'submit_assertions', { modelId, assertions });
    for (const a of submitted.assertions as Array<{ id: string; controlId: string }>) {
      assertionIds.push(a.id);
      controlOf.set(a.id, a.controlId);
    }
    expect(assertionIds).toHaveLength(assertions.length);
    for (const controlId of groupControls) await callOk(agent, 'update_control_status', { modelId, controlId, status: 'implemented' });
  });

  it('4-5. CI verifies, signs and submits; the controls reach tier1 and the objective is mitigated', async () => {
    const run = await verifyRun();
    expect(run.stderr).toMatch(/accepted/);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { summary: { passed: number; failed: number } };
    expect(report.summary).toMatchObject({ passed: assertionIds.length, failed: 0 });
    const verification = await callOk(agent, 'get_verification_report', { modelId });
    for (const controlId of groupControls) expect(verification.controlsByLevel.tier1).toContain(controlId);
    expect(await objective()).toMatchObject({ status: 'mitigated' });
  });

  it('a code change that breaks an assertion is drift: the objective is at risk again and a finding opens', async () => {
    writeSource(functions[0]);
    await commitAll('refactor: drop a check');
    const run = await verifyRun();
    expect(run.code).toBe(1);
    expect(await objective()).toMatchObject({ status: 'at_risk', reasons: expect.arrayContaining(['drifted']) });
    const { findings } = await callOk(agent, 'list_findings', { modelId });
    expect(findings).toEqual([expect.objectContaining({ status: 'discovered', source: 'verification' })]);
  });

  it('the agent remediates with linked assertions; once the code is fixed the finding is verified', async () => {
    const { findings } = await callOk(agent, 'list_findings', { modelId });
    const { id: findingId, controlId } = (findings as Array<{ id: string; controlId: string }>)[0]!;
    const proving = assertionIds.filter((id) => controlOf.get(id) === controlId);
    const remediated = await callOk(agent, 'update_finding', { modelId, findingId, action: { action: 'remediate', assertionIds: proving } });
    expect(remediated.finding.status).toBe('remediated');
    writeSource();
    await commitAll('restore the check');
    expect((await verifyRun()).code).toBe(0);
    // The finding's own workflow takes the applied run by signal, so its status follows the run shortly after.
    const findingStatus = async () => ((await callOk(agent, 'list_findings', { modelId })).findings as Array<{ id: string; status: string }>).find((f) => f.id === findingId)?.status;
    await vi.waitFor(async () => expect(await findingStatus()).toBe('verified'), { timeout: 15_000, interval: 200 });
    expect(await objective()).toMatchObject({ status: 'mitigated' });
  });

  it('a dirty working tree is refused; with --allow-dirty its run is stored but does not move posture', async () => {
    writeSource(functions[0]);
    const refused = await verifyRun();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/uncommitted changes.*--allow-dirty/);
    const dirty = await verifyRun('--allow-dirty');
    expect(dirty.code).toBe(1);
    expect(dirty.stderr).toMatch(/accepted; stored but NOT applied to posture \(dirty/);
    expect(await objective()).toMatchObject({ status: 'mitigated' });
    await git('checkout', '--', 'src/controls.ts');
  });

  it('assay-verify list and report read the same state back', async () => {
    const common = ['--api-url', apiUrl, '--api-key', platform.keys.verifier, '--output', 'json'];
    const list = JSON.parse((await assayVerify(['list', ...common])).stdout) as { models: Array<{ modelId: string; assertions: number; pending: number }> };
    expect(list.models).toContainEqual(expect.objectContaining({ modelId, assertions: assertionIds.length, pending: 0 }));
    const report = JSON.parse((await assayVerify(['report', modelId, ...common])).stdout) as { controlsByLevel: Record<string, string[]>; drift: unknown[] };
    for (const controlId of groupControls) expect(report.controlsByLevel.tier1).toContain(controlId);
    expect(report.drift.length).toBeGreaterThan(0);
  });

  it('the platform never received source code: only verdicts, digests and line spans', async () => {
    const db = platform.database.db;
    for (const { name } of await db.listCollections().toArray()) {
      const dump = JSON.stringify(await db.collection(name).find().toArray());
      expect(dump, `collection ${name}`).not.toContain(SOURCE_MARKER);
      expect(dump, `collection ${name}`).not.toContain('return input.trim()');
    }
    // The envelopes are stored as received (base64): decode them and look inside too.
    for (const submission of await db.collection('run_submissions').find().toArray()) {
      const payload = Buffer.from(submission.envelope.payload as string, 'base64').toString();
      expect(payload).not.toContain(SOURCE_MARKER);
      expect(payload).toContain('"sha256"');
    }
  });
});
