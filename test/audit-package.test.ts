import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { AUDIT_MEMBERS, type AuditManifest } from '../domain/schemas/audit-package.js';
import { sealAuditPackage } from '../services/export/audit-package.js';
import type { ModelContent } from '../domain/schemas/threat-model.js';
import { tarArchive } from '../services/export/tar.js';
import type { AuditReport } from '../verify/audit/check-package.js';
import { tarMembers } from '../verify/audit/tar-members.js';
import { runCli } from '../verify/cli.js';
import { exitCodeFor } from '../verify/errors.js';
import { commit, evidencePlatform, fail, newSigner, pass, SMALL_MODEL, seedModel, signed, statementFor, type CiSigner } from './support/evidence.js';
import { callTool, inMemoryClient } from './support/mcp-client.js';
import { withKey, type TestPlatform } from './support/platform.js';

// The auditor's path end to end (#10.3-4): a model with drift, recovery, a finding with transitions,
// a rejected run and an attestation that expires mid-history, exported through the real platform and
// checked offline by `assay-verify audit`; then each kind of tampering.
describe('audit package and assay-verify audit', () => {
  let platform: TestPlatform;
  let signer: CiSigner;
  let modelId: string;
  let app: ReturnType<typeof createApp>;
  let dir: string;
  let original: Map<string, Buffer>;
  let kid: string;
  let runIds: string[] = [];
  const definition = { id: '', type: 'file_exists', params: { file: 'a.ts' } };

  const call = (key: string, path: string, init: RequestInit = {}) => app.request(path, withKey(key, init));

  async function submit(envelope: unknown): Promise<string> {
    const res = await call(platform.keys.verifier, `/api/ci/models/${modelId}/runs`, { method: 'POST', body: JSON.stringify({ envelope }) });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    for (let i = 0; i < 300; i++) {
      const { status } = await platform.services.assurance.runStatus(platform.workspaceId, modelId, runId);
      if (status !== 'pending' && status !== 'unknown') return runId;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`run ${runId} was not decided`);
  }
  const run = (n: number, tier1 = pass()) => signed(statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(n), entries: [{ definition, tier1 }] }), signer);

  /** `assay-verify audit` in-process, as the binary runs it: its report and exit code. */
  async function audit(bytes: Uint8Array, ...flags: string[]): Promise<{ code: number; report: AuditReport; stderr: string }> {
    const file = join(dir, `package-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.tar`);
    await writeFile(file, bytes);
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, color: false };
    let code = 0;
    try {
      await runCli(['audit', file, '--output', 'json', ...flags], io);
    } catch (error) {
      const exit = exitCodeFor(error);
      code = exit.code;
      stderr += exit.message ?? '';
    }
    return { code, report: JSON.parse(stdout) as AuditReport, stderr };
  }

  /** The package with `edit` applied, its manifest recomputed and signed again by the platform key (a platform that lies). */
  async function resigned(edit: (m: Map<string, Buffer>) => void): Promise<Buffer> {
    const members = new Map(original);
    edit(members);
    const manifest = json(members, AUDIT_MEMBERS.manifest) as AuditManifest;
    const content = [...members].filter(([path]) => path !== AUDIT_MEMBERS.manifest && path !== AUDIT_MEMBERS.manifestEnvelope).map(([path, bytes]) => ({ path, bytes }));
    const sealed = await sealAuditPackage(content, { workspaceId: manifest.workspaceId, modelId: manifest.modelId, createdAt: new Date(manifest.createdAt), platformKeys: platform.platformKeys });
    return sealed.bytes;
  }
  const repacked = (members: Map<string, Buffer>) => tarArchive([...members].map(([path, bytes]) => ({ path, bytes })), new Date());
  const json = (members: Map<string, Buffer>, path: string) => JSON.parse(members.get(path)!.toString('utf8')) as Record<string, any>;
  const put = (members: Map<string, Buffer>, path: string, value: unknown) => members.set(path, Buffer.from(JSON.stringify(value, null, 2)));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-audit-'));
    ({ platform, signer } = await evidencePlatform());
    app = createApp(platform.services);
    // CO2 rests on an attested assumption whose attestation lapses between the second and third applied run.
    const expiresAt = new Date(Date.now() + 8_000).toISOString();
    const content: ModelContent = {
      ...SMALL_MODEL,
      objectives: [...SMALL_MODEL.objectives, { id: 'CO2', assetId: 'A1', attackerId: 'T1', properties: ['I'], statement: 'Tokens are issued by the IdP only', riskTier: 'high' }],
      assumptions: [{ id: 'AS1', kind: 'external', statement: 'The IdP signs tokens', objectiveIds: ['CO2'], attestation: { by: 'security@acme', statement: 'reviewed', attestedAt: new Date(Date.now() - 60_000).toISOString(), expiresAt } }],
    };
    modelId = await seedModel(platform, platform.workspaceId, content);
    const [created] = await platform.services.assertions.submit(platform.workspaceId, modelId, { assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'a.ts' }, aspects: ['session verified'] }] });
    definition.id = created!.id;

    runIds.push(await submit(run(1)));
    runIds.push(await submit(run(2, fail())));
    // A run signed by a key nobody registered: stored, rejected, relied on by nothing.
    const stranger = await newSigner();
    runIds.push(await submit(signed(statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(3), entries: [{ definition, tier1: pass() }] }), stranger)));
    const { findings } = (await (await call(platform.keys.agent, `/api/models/${modelId}/findings`)).json()) as { findings: Array<{ id: string }> };
    expect(findings).toHaveLength(1);
    expect((await call(platform.keys.agent, `/api/models/${modelId}/findings/${findings[0]!.id}/actions`, { method: 'POST', body: JSON.stringify({ action: 'acknowledge' }) })).status).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(expiresAt) - Date.now() + 100)));
    runIds.push(await submit(run(4)));

    const res = await call(platform.keys.admin, `/api/models/${modelId}/export?format=audit`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-tar');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="assay-audit-M\d+-.*\.tar"$/);
    original = await tarMembers(new Uint8Array(await res.arrayBuffer()));
    kid = await platform.platformKeys.currentKid();
  });
  afterAll(async () => {
    await platform?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('holds every member the layout names, each listed with its sha256 in the signed manifest', async () => {
    const paths = [...original.keys()];
    expect(paths.slice(0, 2)).toEqual([AUDIT_MEMBERS.manifest, AUDIT_MEMBERS.manifestEnvelope]);
    for (const path of [AUDIT_MEMBERS.platformKeys, AUDIT_MEMBERS.model, AUDIT_MEMBERS.version(1), AUDIT_MEMBERS.assertions, AUDIT_MEMBERS.runIndex, AUDIT_MEMBERS.ciKeys, AUDIT_MEMBERS.trustedIssuers, AUDIT_MEMBERS.policy, AUDIT_MEMBERS.postureHistory, AUDIT_MEMBERS.snapshot, AUDIT_MEMBERS.driftEvents, AUDIT_MEMBERS.findings, AUDIT_MEMBERS.sufficiencyDecisions]) {
      expect(paths, path).toContain(path);
    }
    for (const runId of runIds) expect(paths).toEqual(expect.arrayContaining([AUDIT_MEMBERS.envelope(runId), AUDIT_MEMBERS.verdict(runId)]));
    const manifest = json(original, AUDIT_MEMBERS.manifest) as AuditManifest;
    expect(manifest.members.map((m) => m.path)).toEqual(paths.slice(2));
    expect(manifest.platformKid).toBe(kid);
    const finding = json(original, AUDIT_MEMBERS.findings).findings[0];
    expect(finding.history).toContainEqual(expect.objectContaining({ event: 'acknowledge', from: 'discovered', to: 'acknowledged' }));
    expect(json(original, AUDIT_MEMBERS.driftEvents).events.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['drift', 'recovery']));
  });

  it('with the pinned platform key: verified, exit 0, and the recomputed posture is the platform’s to the last objective', async () => {
    const { code, report } = await audit(await repacked(original), '--platform-key', kid);
    expect(report.problems).toEqual([]);
    expect(report.verdict).toBe('verified');
    expect(code).toBe(0);
    expect(report.replayedRuns).toBe(3);
    expect(report.runs.map((r) => [r.outcome, r.check])).toEqual([['accepted', 'verified'], ['accepted', 'verified'], ['rejected', 'not_checked'], ['accepted', 'verified']]);
    const history = json(original, AUDIT_MEMBERS.postureHistory).entries as Array<{ posture: { objectives: Array<{ objectiveId: string; status: string; reasons: string[] }> } }>;
    // The attestation held for the first two applied runs and had lapsed by the third.
    expect(history.map((e) => e.posture.objectives.find((o) => o.objectiveId === 'CO2')!.reasons)).toEqual([['attested_assumption'], ['attested_assumption'], ['missing_controls', 'expired_attestation']]);
    const platformPosture = (await (await call(platform.keys.agent, `/api/models/${modelId}/posture?at=${encodeURIComponent(new Date().toISOString())}`)).json()) as { posture: { objectives: Array<{ objectiveId: string; status: string }>; controls: Array<{ controlId: string; level: string }> } };
    expect(report.objectives.map((o) => [o.id, o.posture, o.verdict])).toEqual(platformPosture.posture.objectives.map((o) => [o.objectiveId, o.status, 'verified']));
    expect(report.controls.map((c) => [c.id, c.posture, c.verdict])).toEqual(platformPosture.posture.controls.map((c) => [c.controlId, c.level, 'verified']));
  });

  it('a JWKS file pins the key too, and the text report names the verdict per objective', async () => {
    const jwks = join(dir, 'keys.json');
    await writeFile(jwks, JSON.stringify(await (await app.request('/.well-known/assay/keys.json')).json()));
    const file = join(dir, 'plain.tar');
    await writeFile(file, await repacked(original));
    let stdout = '';
    await runCli(['audit', file, '--platform-key', jwks], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true }, color: false });
    expect(stdout).toMatch(/^assay-verify audit: VERIFIED/);
    expect(stdout).toMatch(/CO1\s+mitigated\s+verified/);
    expect(stdout).toMatch(/CO2\s+at_risk\s+verified/);
  });

  it('without a pin: unverifiable, non-zero exit', async () => {
    const { code, report } = await audit(await repacked(original));
    expect(report.verdict).toBe('unverifiable');
    expect(code).toBe(2);
    expect(report.missingAnchors[0]).toMatch(/no platform key pinned/);
    expect(report.objectives.every((o) => o.verdict === 'unverifiable')).toBe(true);
  });

  it('a pinned key that did not sign it: tampered', async () => {
    const other = await newSigner();
    const file = join(dir, 'other.jwk.json');
    await writeFile(file, JSON.stringify(other.publicJwk));
    const { code, report } = await audit(await repacked(original), '--platform-key', file);
    expect(code).toBe(1);
    expect(report.problems).toEqual([expect.objectContaining({ member: AUDIT_MEMBERS.manifestEnvelope, check: 'manifest_signature' })]);
  });

  const tampered = async (bytes: Uint8Array) => {
    const { code, report } = await audit(bytes, '--platform-key', kid);
    expect(report.verdict).toBe('tampered');
    expect(code).toBe(1);
    expect(report.objectives.length).toBeGreaterThan(0);
    return report;
  };

  it('tampered: the manifest changed after signing', async () => {
    const members = new Map(original);
    const manifest = json(members, AUDIT_MEMBERS.manifest);
    manifest.createdAt = '2020-01-01T00:00:00.000Z';
    put(members, AUDIT_MEMBERS.manifest, manifest);
    const report = await tampered(await repacked(members));
    expect(report.problems).toContainEqual(expect.objectContaining({ member: AUDIT_MEMBERS.manifest, check: 'manifest_signature' }));
  });

  it('tampered: a member that no longer has its manifest digest', async () => {
    const members = new Map(original);
    const verdict = json(members, AUDIT_MEMBERS.verdict(runIds[1]!));
    verdict.outcome = { status: 'rejected', reason: 'bad_signature: hidden' };
    put(members, AUDIT_MEMBERS.verdict(runIds[1]!), verdict);
    const report = await tampered(await repacked(members));
    expect(report.problems).toContainEqual(expect.objectContaining({ member: AUDIT_MEMBERS.verdict(runIds[1]!), check: 'digest' }));
  });

  it("tampered: a run envelope's payload changed (and the manifest signed again)", async () => {
    const bytes = await resigned((members) => {
      const envelope = json(members, AUDIT_MEMBERS.envelope(runIds[1]!));
      const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
      statement.predicate.assertions[0].tier1 = pass();
      envelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
      put(members, AUDIT_MEMBERS.envelope(runIds[1]!), envelope);
    });
    const report = await tampered(bytes);
    expect(report.problems[0]).toMatchObject({ member: AUDIT_MEMBERS.envelope(runIds[1]!), check: 'signature' });
  });

  it('tampered: a signature changed', async () => {
    const bytes = await resigned((members) => {
      const envelope = json(members, AUDIT_MEMBERS.envelope(runIds[0]!));
      const sig = Buffer.from(envelope.signatures[0].sig, 'base64');
      sig[sig.length - 1]! ^= 0x01;
      envelope.signatures[0].sig = sig.toString('base64');
      put(members, AUDIT_MEMBERS.envelope(runIds[0]!), envelope);
    });
    const report = await tampered(bytes);
    expect(report.problems[0]).toMatchObject({ member: AUDIT_MEMBERS.envelope(runIds[0]!), check: 'signature' });
  });

  it('tampered: a posture figure changed, and only the objective it concerns is tampered', async () => {
    const bytes = await resigned((members) => {
      const history = json(members, AUDIT_MEMBERS.postureHistory);
      const last = history.entries.at(-1);
      const co2 = last.posture.objectives.find((o: { objectiveId: string }) => o.objectiveId === 'CO2');
      co2.status = 'mitigated';
      co2.reasons = ['attested_assumption'];
      put(members, AUDIT_MEMBERS.postureHistory, history);
    });
    const report = await tampered(bytes);
    expect(report.problems).toEqual([expect.objectContaining({ member: AUDIT_MEMBERS.postureHistory, check: 'posture_mismatch', objectiveIds: ['CO2'] })]);
    expect(report.objectives.map((o) => [o.id, o.verdict])).toEqual([['CO1', 'verified'], ['CO2', 'tampered']]);
  });

  it('tampered: a summary figure changed', async () => {
    const bytes = await resigned((members) => {
      const history = json(members, AUDIT_MEMBERS.postureHistory);
      history.entries[1].posture.summary.overall.mitigated += 1;
      put(members, AUDIT_MEMBERS.postureHistory, history);
    });
    const report = await tampered(bytes);
    expect(report.problems).toEqual([expect.objectContaining({ member: AUDIT_MEMBERS.postureHistory, check: 'posture_mismatch' })]);
  });

  it('tampered: a run dropped from the package', async () => {
    const dropped = runIds[1]!;
    const bytes = await resigned((members) => {
      members.delete(AUDIT_MEMBERS.envelope(dropped));
      members.delete(AUDIT_MEMBERS.verdict(dropped));
      const index = json(members, AUDIT_MEMBERS.runIndex);
      index.runs = index.runs.filter((r: { runId: string }) => r.runId !== dropped);
      put(members, AUDIT_MEMBERS.runIndex, index);
    });
    const report = await tampered(bytes);
    expect(report.problems[0]).toMatchObject({ member: AUDIT_MEMBERS.postureHistory, check: 'run_missing' });
    expect(report.problems[0]!.message).toContain(dropped);
  });

  it('tampered: two runs reordered', async () => {
    const bytes = await resigned((members) => {
      const index = json(members, AUDIT_MEMBERS.runIndex);
      [index.runs[0], index.runs[1]] = [index.runs[1], index.runs[0]];
      put(members, AUDIT_MEMBERS.runIndex, index);
    });
    const report = await tampered(bytes);
    expect(report.problems[0]).toMatchObject({ member: AUDIT_MEMBERS.runIndex, check: 'arrival_order' });
  });

  it('the export is read-only and confined: agent and admin keys read it, a verifier key and other workspaces do not; a bad format is a 400', async () => {
    expect((await call(platform.keys.agent, `/api/models/${modelId}/export?format=audit`)).status).toBe(200);
    expect((await call(platform.keys.verifier, `/api/models/${modelId}/export?format=audit`)).status).toBe(403);
    const other = (await platform.services.keys.bootstrap(`${platform.workspaceId}-x`))!;
    expect((await call(other, `/api/models/${modelId}/export?format=audit`)).status).toBe(404);
    for (const query of ['', '?format=zip', '?format=audit&format=audit']) expect((await call(platform.keys.agent, `/api/models/${modelId}/export${query}`)).status, query).toBe(400);
    expect((await call(platform.keys.agent, `/api/models/${modelId}/export?format=audit`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('MCP export_model gives an agent the signed package and changes nothing', async () => {
    const client = await inMemoryClient(platform, platform.keys.agent);
    const before = { runs: await platform.stores.runs.list(platform.workspaceId, modelId), history: await platform.stores.assurance.listPostureHistory(platform.workspaceId, modelId, { limit: 0 }), assertions: await platform.stores.assertions.list(platform.workspaceId, modelId) };
    const answer = await callTool(client, 'export_model', { modelId, format: 'audit' });
    expect(answer.isError).toBe(false);
    const bytes = Buffer.from(answer.json.base64 as string, 'base64');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(answer.json.sha256);
    expect(answer.json).toMatchObject({ mediaType: 'application/x-tar', platformKid: kid, size: bytes.length });
    const { report } = await audit(bytes, '--platform-key', kid);
    expect(report.verdict).toBe('verified');
    const tools = await client.listTools();
    expect(tools.tools.find((t) => t.name === 'export_model')?.annotations).toMatchObject({ readOnlyHint: true });
    const after = { runs: await platform.stores.runs.list(platform.workspaceId, modelId), history: await platform.stores.assurance.listPostureHistory(platform.workspaceId, modelId, { limit: 0 }), assertions: await platform.stores.assertions.list(platform.workspaceId, modelId) };
    expect(after).toEqual(before);
    // A verifier key is refused by every MCP tool, this one included.
    const ci = await inMemoryClient(platform, platform.keys.verifier);
    expect((await callTool(ci, 'export_model', { modelId })).isError).toBe(true);
  });

  it('publishes the platform key without authentication; only the instance administrator rotates it', async () => {
    const res = await app.request('/.well-known/assay/keys.json');
    expect(res.status).toBe(200);
    const { keys } = (await res.json()) as { keys: Array<{ kid: string; exp?: number }> };
    expect(keys[0]).toMatchObject({ kid, kty: 'EC', crv: 'P-256', alg: 'ES256' });
    for (const key of [platform.keys.admin, platform.keys.agent, platform.keys.verifier]) {
      expect((await call(key, '/instance/platform-key/rotate', { method: 'POST' })).status).toBe(401);
    }
    expect(await platform.platformKeys.currentKid()).toBe(kid);
  });
});
