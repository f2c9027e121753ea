import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Tier1ResultSchema } from '../domain/schemas/assertion.js';
import { runCli } from './cli.js';
import { exitCodeFor } from './errors.js';
import type { CliIO } from './io.js';
import { asksOnlyVersion, versionLine } from './version.js';
import { SAMPLE_PROJECT, tempProject, type TempProject } from './tier1/testing.js';

const BIN = fileURLToPath(new URL('../bin/assay-verify.js', import.meta.url));
// The `--output json` contract (issue 9 §8): Tier 1 verdicts, Tier 2 beside each, sufficiency per control.
const Tier2Json = z.strictObject({
  status: z.enum(['pass', 'fail', 'skipped']),
  reason: z.string(),
  provider: z.string().optional(),
  model: z.string().optional(),
  cached: z.boolean().optional(),
  citations: z.array(z.strictObject({ path: z.string(), startLine: z.number(), endLine: z.number() })).optional(),
  error: z.string().optional(),
  votes: z.strictObject({ total: z.number(), passes: z.number() }).optional(),
});
const JsonReport = z.strictObject({
  summary: z.strictObject({ total: z.number(), passed: z.number(), failed: z.number() }),
  results: z.array(Tier1ResultSchema.extend({ tier2: Tier2Json }).strict()),
  tier2Status: z.union([z.strictObject({ status: z.literal('skipped'), reason: z.string() }), z.strictObject({ status: z.literal('run'), provider: z.string(), model: z.string() })]),
  tier2Usage: z.strictObject({ calls: z.number(), cacheHits: z.number(), inputTokens: z.number(), outputTokens: z.number() }).optional(),
  sufficiency: z.array(
    z.strictObject({
      controlId: z.string(),
      status: z.enum(['reviewed', 'error']),
      reason: z.string().optional(),
      assertionSetDigest: z.string(),
      cached: z.boolean(),
      criteria: z.array(z.strictObject({ criterion: z.string(), covered: z.boolean(), assertionIds: z.array(z.string()) })),
      uncovered: z.array(z.string()),
    }),
  ),
});

let inputs: TempProject;
let mixed: string;
let passing: string;
beforeAll(async () => {
  inputs = await tempProject({
    'mixed.json': JSON.stringify([
      { type: 'file_exists', params: { file: 'src/math.ts' }, description: 'math <module> & "friends"' },
      { id: 'HASH', type: 'file_hash', params: { file: 'src/math.ts', sha256: '0'.repeat(64) } },
      { type: 'pattern_absent', params: { files: 'src/**/*.ts', pattern: 'eval\\(' } },
      { type: 'no_such_type', params: {} },
    ]),
    'passing.json': JSON.stringify([{ type: 'config_key_exists', params: { file: 'config/app.yaml', key: 'server.tls.enabled' } }]),
    'dupes.json': JSON.stringify([{ id: 'A', type: 'file_exists', params: {} }, { id: 'A', type: 'file_exists', params: {} }]),
    'not-array.json': JSON.stringify({ type: 'file_exists' }),
  });
  mixed = path.join(inputs.root, 'mixed.json');
  passing = path.join(inputs.root, 'passing.json');
});
afterAll(() => inputs.remove());

/** Runs the CLI in-process and returns what main.ts would: exit code, stdout, stderr. */
async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, color: false };
  let code = 0;
  try {
    await runCli(argv, io);
  } catch (error) {
    const mapped = exitCodeFor(error);
    code = mapped.code;
    if (mapped.message) stderr += mapped.message;
  }
  return { code, stdout, stderr };
}

const root = ['--project-root', SAMPLE_PROJECT];

describe('assay-verify (bin)', () => {
  const run = (...args: string[]) =>
    promisify(execFile)(process.execPath, [BIN, ...args], { encoding: 'utf8' }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('exits 0 when every assertion passes, printing exactly one JSON document', async () => {
    const r = await run('verify', 'file_exists', '-p', 'file=src/math.ts', ...root, '--output', 'json');
    expect(r.code).toBe(0);
    expect(JsonReport.parse(JSON.parse(r.stdout)).summary).toEqual({ total: 1, passed: 1, failed: 0 });
  }, 30_000);

  it('exits 1 when any assertion fails, 2 on a usage error', async () => {
    const fail = await run('check', mixed, ...root, '--output', 'json');
    expect(fail.code).toBe(1);
    expect(JsonReport.parse(JSON.parse(fail.stdout)).summary).toEqual({ total: 4, passed: 1, failed: 3 });
    const usage = await run('frobnicate');
    expect(usage.code).toBe(2);
    expect(usage.stdout).toBe('');
    expect(usage.stderr).toMatch(/unknown command "frobnicate"/);
  }, 30_000);

  it('runs nothing from shell metacharacters in params', async () => {
    const marker = path.join(SAMPLE_PROJECT, 'PWNED');
    const r = await run('verify', 'test_passes', '-p', 'files=$(touch PWNED); rm -rf /', '-p', 'name=`touch PWNED`', ...root, '--output', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).results[0].verdict).toBe('fail');
    expect(existsSync(marker)).toBe(false);
  }, 30_000);
});

describe('--version', () => {
  it("the bin's fast path prints exactly what the full command table prints", async () => {
    const full = await cli('--version');
    expect(full.stdout).toBe(`${versionLine()}\n`);
    expect(full.stdout).toMatch(/^assay-verify\/\d+\.\d+\.\d+ \S+ node-v\d+/);
  });

  it('takes the fast path only for --version or -v alone', () => {
    expect(asksOnlyVersion(['--version'])).toBe(true);
    expect(asksOnlyVersion(['-v'])).toBe(true);
    expect(asksOnlyVersion([])).toBe(false);
    expect(asksOnlyVersion(['check', 'a.json', '--version'])).toBe(false);
    expect(asksOnlyVersion(['--version', '--help'])).toBe(false);
  });
});

describe('commands', () => {
  it('check: ids default to X1..Xn in input order; results keep that order', async () => {
    const r = await cli('check', mixed, ...root, '--output', 'json');
    expect(r.code).toBe(1);
    const report = JsonReport.parse(JSON.parse(r.stdout));
    expect(report.results.map((x) => [x.id, x.verdict])).toEqual([['X1', 'pass'], ['HASH', 'fail'], ['X3', 'fail'], ['X4', 'fail']]);
  });

  it('verify: -p values are JSON for lists and booleans, strings otherwise', async () => {
    const r = await cli('verify', 'pattern_absent', '-p', 'files=["src/**/*.ts","src/**/*.py"]', '-p', 'pattern=eval\\(', '-p', 'code_only=true', ...root, '--output', 'json');
    expect(r.code).toBe(0);
    const digits = await cli('verify', 'config_value_matches', '-p', 'file=config/app.ini', '-p', 'key=session.timeout', '-p', 'equals=900', ...root, '--output', 'json');
    expect(digits.code).toBe(0);
  });

  it.each([
    [['verify', 'file_exists', '-p', 'no-equals-sign', ...root], /must look like key=value/],
    [['verify', 'file_exists', '-p', 'file=a', '-p', 'file=b', ...root], /given twice/],
    [['verify', 'file_exists', '-p', 'file=[broken', ...root], /looks like JSON but is not valid/],
    [['check', '/nonexistent/assertions.json', ...root], /does not exist/],
    [['check', 'dupes.json', ...root], /used twice/],
    [['check', 'not-array.json', ...root], /expected a JSON array/],
    [['check', 'passing.json', '--project-root', '/nonexistent/root'], /project root .* does not exist/],
    [['check', 'passing.json', ...root, '--output', 'xml'], /unknown output format "xml"/],
    [['check', 'passing.json', ...root, '--bogus'], /Unknown option `--bogus`/],
    [[], /no command given/],
    [['check', 'passing.json', ...root, '--tier2-provider', 'gemini'], /unknown Tier 2 provider "gemini"/],
    [['check', 'passing.json', ...root, '--tier2-provider', 'anthropic'], /needs ANTHROPIC_API_KEY/],
    [['verify', 'file_exists', '-p', 'file=src/math.ts', ...root, '--tier2-provider', 'ollama', '--tier2-max-calls', '0'], /--tier2-max-calls must be a positive integer/],
    // A value that starts with `-` is the option's value, not flags (a kid is base64url: `-h…` printed the help).
    [['audit', '/nonexistent/package.tar', '--platform-key', '-hV2Sx3_kid', ...root], /platform key "-hV2Sx3_kid"|\/nonexistent\/package\.tar/],
    [['verify', 'file_exists', '-p', 'file=src/math.ts', ...root, '--test-timeout', '-5'], /test-timeout/],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const resolved = argv.map((a) => (a.endsWith('.json') && !a.startsWith('/') ? path.join(inputs.root, a) : a));
    const r = await cli(...resolved);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

describe('Tier 2 flags', () => {
  it('--require-tier2 without a provider exits 1 before checking anything', async () => {
    const r = await cli('check', passing, ...root, '--require-tier2', '--output', 'json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--require-tier2: no Tier 2 provider configured/);
  });
});

describe('report formats', () => {
  it('sarif: 2.1.0, one stable rule per type, pass/fail kinds, file and line locations', async () => {
    const r = await cli('check', mixed, ...root, '--output', 'sarif');
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    const [sarifRun] = log.runs;
    const rules = sarifRun.tool.driver.rules.map((rule: { id: string }) => rule.id);
    expect(rules).toEqual(['assay/file_exists', 'assay/file_hash', 'assay/no_such_type', 'assay/pattern_absent']);
    expect(sarifRun.results).toHaveLength(4);
    for (const result of sarifRun.results) {
      expect(rules[result.ruleIndex]).toBe(result.ruleId);
      expect(['pass', 'fail']).toContain(result.kind);
      expect(result.level).toBe(result.kind === 'pass' ? 'none' : 'error');
      expect(result.message.text).toMatch(new RegExp(`^${result.partialFingerprints.assertionId}: `));
    }
    const absent = sarifRun.results[2];
    expect(absent.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'src/server.ts', uriBaseId: 'PROJECTROOT' }, region: { startLine: 6, endLine: 6 } });
    expect(sarifRun.originalUriBaseIds.PROJECTROOT.uri).toMatch(/^file:\/\/.*\/$/);
  });

  it('junit: a testsuite with counts, failures with messages, XML-escaped names', async () => {
    const r = await cli('check', mixed, ...root, '--output', 'junit');
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="assay-verify" tests="4" failures="3" errors="0">/);
    expect(r.stdout).toContain('name="X1: math &lt;module&gt; &amp; &quot;friends&quot;"');
    expect(r.stdout.match(/<failure /g)).toHaveLength(3);
  });

  it('github: an ::error annotation with file and line per failure', async () => {
    const r = await cli('check', mixed, ...root, '--output', 'github');
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors).toHaveLength(3);
    expect(errors[1]).toMatch(/^::error file=src\/server.ts,line=6,endLine=6,title=Assay X3 \(pattern_absent\)::pattern found at 2 location\(s\)/);
  });

  it('text: no colour codes when not writing to a terminal', async () => {
    const r = await cli('check', passing, ...root);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stdout).toMatch(/^PASS X1 config_key_exists/);
    expect(r.stdout).toMatch(/1 assertion\(s\): 1 passed, 0 failed\n$/);
  });
});
