import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import type { Ajv as AjvInstance, Options as AjvOptions } from 'ajv';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { PROJECT_ROOT, loadConfig } from '../config.js';
import { sha256Hex } from '../domain/canonical-json.js';
import type { AttestedEntry } from '../domain/schemas/attestation.js';
import type { ModelContent } from '../domain/schemas/threat-model.js';
import { installPipTool } from '../scripts/provision/pip-tool.js';
import { launchBrowser, saveScreenshot, seriousAxeViolations } from './support/browser.js';
import { commit, fail, newSigner, pass, seedModel, signed, statementFor, submitAndSettle, type CiSigner } from './support/evidence.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

const exec = promisify(execFile);
const require = createRequire(import.meta.url);
const AjvDraft04 = require('ajv-draft-04') as new (options: AjvOptions) => AjvInstance;
const addFormats = require('ajv-formats') as (ajv: AjvInstance) => void;
const TRESTLE_REQUIREMENTS = join(PROJECT_ROOT, 'tools/compliance-trestle/requirements.txt');
const TRESTLE_VALIDATE = join(PROJECT_ROOT, 'tools/compliance-trestle/validate_assessment_results.py');
const ADMIN_BIN = join(PROJECT_ROOT, 'bin/assay-admin.js');

// Model text is anyone's (an agent's, an LLM's): the report must show it, never run it.
const HOSTILE = `<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">`;
const MODEL: ModelContent = {
  title: `Payments ${HOSTILE}`,
  description: 'A payment API',
  assets: [
    { id: 'A1', name: `Card data ${HOSTILE}`, description: '', properties: ['C'], impact: 'H', status: 'unverified' },
    { id: 'A2', name: 'Audit log', description: '', properties: ['I'], impact: 'M', status: 'unverified' },
  ],
  attackers: [
    { id: 'T1', name: 'Internet attacker', description: '', capability: { expertise: 'M', resources: 'M', access: 'network' }, position: 'internet', archetype: 'opportunist', likelihood: 'H', crosses: [] },
    { id: 'T2', name: 'Insider', description: '', capability: { expertise: 'H', resources: 'L', access: 'staff' }, position: 'inside', archetype: 'insider', likelihood: 'L', crosses: [] },
  ],
  trustBoundaries: [],
  objectives: [
    { id: 'CO1', assetId: 'A1', attackerId: 'T1', properties: ['C'], statement: 'Card data stays confidential against the internet', riskTier: 'critical' },
    { id: 'CO2', assetId: 'A1', attackerId: 'T2', properties: ['C'], statement: 'Card data stays confidential against insiders', riskTier: 'medium' },
    { id: 'CO3', assetId: 'A2', attackerId: 'T1', properties: ['I'], statement: 'The audit log keeps its integrity', riskTier: 'high' },
    { id: 'CO4', assetId: 'A2', attackerId: 'T2', properties: ['I'], statement: 'Insiders cannot rewrite the audit log', riskTier: 'low' },
  ],
  controls: [
    { id: 'C1', name: `Tokenise cards ${HOSTILE}`, description: `Cards are tokenised ${HOSTILE}`, objectiveIds: ['CO1', 'CO2'], mitigationGroups: {}, verificationCriteria: ['tokenised'], status: 'implemented' },
    { id: 'C2', name: 'Append-only log', description: 'The log is append-only', objectiveIds: ['CO3'], mitigationGroups: {}, verificationCriteria: ['append-only'], status: 'implemented' },
  ],
  assumptions: [
    {
      id: 'AS1',
      kind: 'external',
      statement: 'The database operator keeps write-once backups',
      objectiveIds: ['CO4'],
      attestation: { by: 'ops@example.com', statement: 'backups are write-once', attestedAt: '2024-01-01T00:00:00.000Z', expiresAt: '2024-06-01T00:00:00.000Z' },
    },
  ],
};

// Issue #10.5–6 on the real servers: a model with two applied runs (the second drifts C2 and opens
// a finding), an agent's finding and an expired attestation, exported as OSCAL, SARIF and HTML.
describe('exports: OSCAL, SARIF and HTML', () => {
  let platform: TestPlatform;
  let signer: CiSigner;
  let server: ServerType;
  let base: string;
  let modelId: string;
  let browser: Browser;
  const defs: Array<{ id: string; type: 'function_exists' | 'file_exists'; params: Record<string, unknown>; description?: string }> = [
    { id: '', type: 'function_exists', params: { file: 'src/auth.ts', name: 'tokenise' }, description: `tokenise is declared ${HOSTILE}` },
    { id: '', type: 'file_exists', params: { file: 'src/log.ts' } },
  ];
  const get = (path: string, key?: string) => fetch(`${base}${path}`, { headers: key ? { 'x-api-key': key } : {} });
  const exportOf = (format: string, key = platform.keys.agent) => get(`/api/models/${modelId}/export?format=${format}`, key);

  async function run(n: number, entries: AttestedEntry[]) {
    const statement = statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(n), entries });
    expect((await submitAndSettle(platform, modelId, signed(statement, signer))).status).toBe('accepted');
  }

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.startWorker();
    await platform.stores.workspaces.setPolicy(platform.workspaceId, { requiredLevel: 'tier1' });
    signer = await newSigner();
    await platform.services.keys.registerCiKey(platform.workspaceId, { name: 'ci', jwk: signer.publicJwk as never });
    modelId = await seedModel(platform, platform.workspaceId, MODEL);
    const created = await platform.services.assertions.submit(platform.workspaceId, modelId, {
      assertions: [
        { controlId: 'C1', type: defs[0]!.type, params: defs[0]!.params, aspects: ['tokenised'], description: defs[0]!.description! },
        { controlId: 'C2', type: defs[1]!.type, params: defs[1]!.params, aspects: ['append-only'] },
      ],
    });
    created.forEach((c, i) => (defs[i]!.id = c.id));
    const [x1, x2] = defs as [(typeof defs)[0], (typeof defs)[0]];
    await run(1, [{ definition: x1, tier1: pass() }, { definition: x2, tier1: pass() }]);
    await run(2, [{ definition: x1, tier1: pass() }, { definition: x2, tier1: fail('src/log.ts does not exist') }]);
    await platform.services.findings.create(platform.workspaceId, modelId, { controlId: 'C1', title: `Tokens logged ${HOSTILE}`, description: 'tokens appear in debug logs', severity: 'high' }, 'agent');
    server = serve({ fetch: createApp(platform.services).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await platform?.close();
  });

  it('oscal: an assessment-results document that compliance-trestle (NIST schema models) accepts, one result per run window', async () => {
    const pin = readFileSync(TRESTLE_REQUIREMENTS, 'utf8');
    const venv = join(loadConfig().toolsDir, `compliance-trestle-venv-${sha256Hex(pin).slice(0, 12)}`);
    const trestle = await installPipTool({ venv, requirements: TRESTLE_REQUIREMENTS, binary: 'trestle' }, (line) => console.error(`[oscal] ${line}`));
    const validate = async (doc: unknown) => {
      const file = join(mkdtempSync(join(tmpdir(), 'assay-oscal-')), 'ar.json');
      writeFileSync(file, JSON.stringify(doc));
      return exec(join(dirname(trestle), 'python'), [TRESTLE_VALIDATE, file]).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
    };
    const res = await exportOf('oscal');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    const doc = JSON.parse(text) as { 'assessment-results': AssessmentResults };
    expect(await validate(doc)).toEqual({ code: 0, out: 'valid\n' });

    const ar = doc['assessment-results'];
    expect(ar.metadata['oscal-version']).toBe('1.1.3');
    // Two applied runs: two windows, the first closed where the second begins.
    expect(ar.results).toHaveLength(2);
    const [first, second] = ar.results as [Result, Result];
    expect(first.end).toBe(second.start);
    expect(second.end).toBeUndefined();
    const observed = second.observations!.map((o) => [o.props.find((p) => p.name === 'assertion-id')?.value, o.props.find((p) => p.name === 'verdict')?.value]);
    expect(observed).toEqual([[defs[0]!.id, 'pass'], [defs[1]!.id, 'fail']]);
    expect(second.observations![0]!['relevant-evidence']![0]!.description).toBe(`src/auth.ts:3-9 (sha256 ${'a'.repeat(64)})`);
    expect(ar['back-matter'].resources.some((r) => r.rlinks?.[0]?.hashes?.[0]?.value === 'a'.repeat(64))).toBe(true);
    // Risks carry the tiers; findings name the objectives not mitigated, and Assay's findings (newest window).
    expect(Object.fromEntries(second.risks!.map((r) => [r.props.find((p) => p.name === 'objective-id')?.value, r.props.find((p) => p.name === 'risk-tier')?.value]))).toEqual({
      CO1: 'critical',
      CO2: 'medium',
      CO3: 'high',
      CO4: 'low',
    });
    const targets = (r: Result) => r.findings!.map((f) => f.target['target-id']).sort();
    expect(targets(first)).toEqual(['CO4']);
    expect(targets(second)).toEqual(['C1', 'C2', 'CO3', 'CO4']);
    expect(second.findings!.find((f) => f.target['target-id'] === 'CO4')!.description).toContain('expired_attestation');

    // Re-exported from the same records: the same document, UUIDs and all.
    expect(await (await exportOf('oscal')).text()).toBe(text);
    // The validator can say no, or the pass above proves nothing.
    const { 'reviewed-controls': _dropped, ...withoutControls } = first;
    expect((await validate({ 'assessment-results': { ...ar, results: [withoutControls] } })).code).toBe(1);
    expect((await validate({ 'assessment-results': { ...ar, results: [{ ...first, uuid: 'run-1' }] } })).code).toBe(1);
  });

  it('sarif: the latest accepted run under the CLI rules, valid SARIF 2.1.0, located by evidence', async () => {
    const res = await exportOf('sarif');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/sarif+json');
    const log = (await res.json()) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: SarifResult[]; properties: { commit: string } }> };
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(PROJECT_ROOT, 'verify/fixtures/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    const [sarifRun] = log.runs;
    expect(sarifRun!.tool.driver.rules.map((r) => r.id)).toEqual(['assay/file_exists', 'assay/function_exists']);
    expect(sarifRun!.properties.commit).toBe(commit(2));
    expect(sarifRun!.results.map((r) => [r.partialFingerprints.assertionId, r.kind])).toEqual([[defs[0]!.id, 'pass'], [defs[1]!.id, 'fail']]);
    expect(sarifRun!.results[0]!.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'src/auth.ts', uriBaseId: 'PROJECTROOT' }, region: { startLine: 3, endLine: 9 } });
  });

  it('html: one self-contained report that Chromium renders, hostile model text shown and inert', async () => {
    const res = await exportOf('html');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    // No element that could load or run anything, and no URL to fetch.
    expect(html).not.toMatch(/<(script|img|link|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*"/i);
    browser = await launchBrowser();
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-api-key': platform.keys.agent }, bypassCSP: true, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${base}/api/models/${modelId}/export?format=html`);
    expect(requests).toHaveLength(1);
    expect(await page.title()).toBe(`Assay report: Payments ${HOSTILE}`);
    // 2 assets × 2 attackers.
    expect(await page.locator('#objective-matrix td.cell').count()).toBe(4);
    expect(await page.locator('#objective-matrix td[data-objective="CO1"]').textContent()).toContain('critical');
    expect(await page.locator('#objective-matrix td[data-objective="CO3"]').getAttribute('class')).toContain('at_risk');
    expect(await page.locator('tr[data-control="C1"]').textContent()).toContain('src/auth.ts:3-9');
    expect(await page.locator('tr[data-control="C1"]').textContent()).toContain('tier1');
    expect(await page.locator('#tiers tbody tr').count()).toBe(5);
    expect(await page.locator('#drift-table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#finding-table tbody tr').count()).toBe(2);
    // The markup arrived as text: no element was made of it and nothing ran.
    expect(await page.locator('body script, body img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('h1').textContent()).toBe(`Payments ${HOSTILE}`);
    await saveScreenshot(page, 'export-html-report');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.emulateMedia({ media: 'print' });
    expect((await page.pdf({ format: 'A4' })).length).toBeGreaterThan(1000);
    await context.close();
  });

  it('is a read for agent and admin keys; a verifier key, no key, another workspace and a bad format are refused', async () => {
    expect((await exportOf('sarif', platform.keys.admin)).status).toBe(200);
    const forbidden = await exportOf('sarif', platform.keys.verifier);
    expect(forbidden.status).toBe(403);
    expect((await get(`/api/models/${modelId}/export?format=sarif`)).status).toBe(401);
    const other = (await platform.services.keys.bootstrap(`${platform.workspaceId}-other`))!;
    expect((await exportOf('html', other)).status).toBe(404);
    const unknown = await exportOf('pdf');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toMatch(/format/);
    expect((await get(`/api/models/${modelId}/export`, platform.keys.agent)).status).toBe(400);
    expect((await get('/api/models/M999/export?format=oscal', platform.keys.agent)).status).toBe(404);
  });

  it('assay-admin export writes the file; an unknown format is a usage error with the platform message', async () => {
    const env = { ...process.env, ASSAY_API_URL: base, ASSAY_API_KEY: platform.keys.admin };
    const file = join(mkdtempSync(join(tmpdir(), 'assay-export-')), 'report.sarif');
    const written = JSON.parse((await exec(process.execPath, [ADMIN_BIN, 'export', modelId, '--format', 'sarif', '-o', file], { env })).stdout) as { bytes: number };
    expect(readFileSync(file, 'utf8')).toBe(await (await exportOf('sarif')).text());
    expect(written.bytes).toBe(readFileSync(file).length);
    const html = await exec(process.execPath, [ADMIN_BIN, 'export', modelId, '--format', 'html'], { env });
    expect(html.stdout).toMatch(/^<!doctype html>/);
    const refused = await exec(process.execPath, [ADMIN_BIN, 'export', modelId, '--format', 'docx'], { env }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/400: format/);
  });
});

interface Prop {
  name: string;
  value: string;
}
interface Result {
  uuid: string;
  start: string;
  end?: string;
  'reviewed-controls': unknown;
  observations?: Array<{ props: Prop[]; 'relevant-evidence'?: Array<{ href: string; description: string }> }>;
  risks?: Array<{ props: Prop[]; status: string }>;
  findings?: Array<{ description: string; target: { 'target-id': string } }>;
}
interface AssessmentResults {
  metadata: Record<string, unknown>;
  results: Result[];
  'back-matter': { resources: Array<{ rlinks?: Array<{ hashes?: Array<{ value: string }> }> }> };
}
interface SarifResult {
  kind: string;
  partialFingerprints: { assertionId: string };
  locations: Array<{ physicalLocation: unknown }>;
}
