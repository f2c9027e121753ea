import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ajv as AjvInstance, Options as AjvOptions } from 'ajv';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Tier1ResultSchema } from '../../domain/schemas/assertion.js';
import { renderModelsReport, type ModelRun, type ModelsReportInput } from './models.js';

const require = createRequire(import.meta.url);
// CommonJS packages: required, so their default exports need no interop.
const AjvDraft04 = require('ajv-draft-04') as new (options: AjvOptions) => AjvInstance;
const addFormats = require('ajv-formats') as (ajv: AjvInstance) => void;
const { parse: parseTestResults } = require('test-results-parser') as {
  parse(options: { type: 'junit'; files: string[] }): { total: number; failed: number; suites: Array<{ name: string; total: number; failed: number; cases: Array<{ name: string; status: string }> }> };
};

const sha = 'a'.repeat(64);
const commit = 'c'.repeat(40);
// Two models whose assertions share local ids (X1, X2): their results must not collide.
const model = (modelId: string, failing: boolean): ModelRun => ({
  modelId,
  modelVersion: 3,
  commit,
  assertions: [
    { id: 'X1', type: 'function_exists', params: { file: 'src/auth.ts', name: 'verify' }, description: 'sessions <are> "verified" & signed' },
    { id: 'X2', type: 'file_exists', params: { file: 'SECURITY.md' } },
  ],
  results: [
    { id: 'X1', type: 'function_exists', verdict: 'pass', details: 'declared', evidence: [{ path: 'src/auth.ts', sha256: sha, startLine: 3, endLine: 9 }] },
    failing
      ? { id: 'X2', type: 'file_exists', verdict: 'fail', details: 'SECURITY.md does not exist', evidence: [] }
      : { id: 'X2', type: 'file_exists', verdict: 'pass', details: 'a regular file', evidence: [{ path: 'SECURITY.md', sha256: sha, startLine: 0, endLine: 0 }] },
  ],
  runId: `run-${modelId}`,
  platformVerdict: { status: 'accepted' },
});
const input: ModelsReportInput = { tool: { name: 'assay-verify', version: '0.1.0' }, root: '/tmp/project', color: false, models: [model('M1', false), model('M2', true)] };

const Summary = z.strictObject({ total: z.number(), passed: z.number(), failed: z.number() });
const ModelsDocument = z.strictObject({
  models: z.array(
    z.strictObject({
      modelId: z.string(),
      modelVersion: z.number(),
      commit: z.string().nullable(),
      summary: Summary,
      results: z.array(Tier1ResultSchema.strict()),
      runId: z.string().nullable(),
      platformVerdict: z.object({ status: z.string() }).nullable(),
    }),
  ),
  summary: Summary,
});

describe('run over several models: one document per format', () => {
  it('json: a single document with a models array and an overall summary', () => {
    const doc = ModelsDocument.parse(JSON.parse(renderModelsReport('json', input)));
    expect(doc.models.map((m) => [m.modelId, m.summary.failed, m.runId])).toEqual([
      ['M1', 0, 'run-M1'],
      ['M2', 1, 'run-M2'],
    ]);
    expect(doc.summary).toEqual({ total: 4, passed: 3, failed: 1 });
  });

  it('sarif: one log that the official SARIF 2.1.0 schema accepts, with model-qualified result ids', async () => {
    const schema = JSON.parse(await readFile(new URL('../fixtures/schemas/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as object;
    // The schema's own patterns predate the `u` flag (one has an unbalanced bracket), so no unicode mode.
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const log = JSON.parse(renderModelsReport('sarif', input)) as { runs: Array<{ results: Array<{ kind: string; partialFingerprints: { assertionId: string }; message: { text: string } }> }> };
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs).toHaveLength(1);
    const ids = log.runs[0]!.results.map((r) => r.partialFingerprints.assertionId);
    expect(ids).toEqual(['M1/X1', 'M1/X2', 'M2/X1', 'M2/X2']);
    expect(log.runs[0]!.results.filter((r) => r.kind === 'fail').map((r) => r.message.text)).toEqual(['M2/X2: SECURITY.md does not exist']);
    // The schema must be able to say no, or the check above proves nothing.
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
  });

  it('junit: one <testsuites> with a suite per model, read back by a JUnit parser', async () => {
    const xml = renderModelsReport('junit', input);
    expect(xml.match(/<\?xml/g)).toHaveLength(1);
    const dir = await mkdtemp(join(tmpdir(), 'assay-junit-'));
    try {
      await writeFile(join(dir, 'junit.xml'), xml);
      const parsed = parseTestResults({ type: 'junit', files: [join(dir, 'junit.xml')] });
      expect(parsed.total).toBe(4);
      expect(parsed.failed).toBe(1);
      expect(parsed.suites.map((s) => [s.name, s.total, s.failed])).toEqual([
        ['assay-verify M1 v3', 2, 0],
        ['assay-verify M2 v3', 2, 1],
      ]);
      expect(parsed.suites[1]!.cases.find((c) => c.status === 'FAIL')?.name).toBe('M2/X2');
      expect(parsed.suites[0]!.cases[0]!.name).toBe('M1/X1: sessions <are> "verified" & signed');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('codequality: one array of issues for the failures only, fingerprints distinct across models', () => {
    const both: ModelsReportInput = { ...input, models: [model('M1', true), model('M2', true)] };
    const issues = z
      .array(
        z.strictObject({
          type: z.literal('issue'),
          check_name: z.string().min(1),
          description: z.string().min(1),
          categories: z.array(z.string()),
          fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
          severity: z.enum(['info', 'minor', 'major', 'critical', 'blocker']),
          location: z.strictObject({ path: z.string().min(1), lines: z.strictObject({ begin: z.number().int().positive() }) }),
        }),
      )
      .parse(JSON.parse(renderModelsReport('codequality', both)));
    expect(issues.map((i) => i.description)).toEqual(['M1/X2: SECURITY.md does not exist', 'M2/X2: SECURITY.md does not exist']);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(2);
    expect(issues[0]!.location).toEqual({ path: 'SECURITY.md', lines: { begin: 1 } });
    // Stable across runs: the same failure keeps its fingerprint, so GitLab can compare pipelines.
    expect(JSON.parse(renderModelsReport('codequality', both))).toEqual(issues);
  });

  it('text and github: each model once, annotations with qualified ids', () => {
    const text = renderModelsReport('text', input);
    expect(text).toMatch(/^model M1 \(version 3\)/);
    expect(text).toContain('\nmodel M2 (version 3)\n');
    const github = renderModelsReport('github', input);
    expect(github).toContain('title=Assay M2/X2 (file_exists)');
    expect(github.match(/assay-verify: /g)).toHaveLength(1);
  });
});
