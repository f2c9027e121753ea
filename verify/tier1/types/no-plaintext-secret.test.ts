import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext } from '../check.js';
import { createCheckContext } from '../context.js';
import { SAMPLE_PROJECT, tempProject, verifyOne, type TempProject } from '../testing.js';

// Test tokens are assembled at run time so this file itself never trips a secret scanner.
const join = (...parts: string[]) => parts.join('');
const SAMPLES: Record<string, string> = {
  'pem.txt': `${join('-----BEGIN ', 'RSA PRIVATE', ' KEY-----')}\nMIIEow\n`,
  'github.ts': `const t = "${join('gh', 'p_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8')}";\n`,
  'gitlab.yml': `token: ${join('gl', 'pat-', 'Ab3dEf6hIj9kLm2nOp5q')}\n`,
  'slack.py': `SLACK = "${join('xo', 'xb-', '123456789012-abcdefABCDEF')}"\n`,
  'stripe.rb': `key = '${join('sk', '_live_', '4eC39HqLyjWDarjtT1zdp7dc')}'\n`,
  'google.js': `const k = "${join('AI', 'za', 'SyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI')}";\n`,
  'jwt.txt': `${join('ey', 'JhbGciOiJIUzI1NiJ9', '.', 'ey', 'JzdWIiOiIxMjM0NTY3ODkwIn0', '.', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U')}\n`,
  '.env': `DATABASE_PASSWORD=${join('hV8r', 'Xq2L', 'm9Tz', 'W4kP')}\n`,
};
const SECRETS = Object.keys(SAMPLES);

let ctx: CheckContext;
let project: TempProject;
beforeAll(async () => {
  project = await tempProject({
    ...SAMPLES,
    'clean/config.ts': [
      'const apiKey = process.env.API_KEY;',
      'const passwordField = "passwordInputField12";',
      'const token = "${TOKEN_FROM_VAULT}";',
      'const secret = "changeme-changeme";',
      'const SECRET_NAME = "DATABASE_PASSWORD_REF";',
      'export const ticket = "JIRA-12345";',
    ].join('\n'),
    'clean/custom.txt': 'internal-id: ACME-INTERNAL-0042\n',
  });
  ctx = await createCheckContext({ root: project.root, tests: false });
});
afterAll(async () => {
  ctx.parsed.dispose();
  await project.remove();
});

describe('no_plaintext_secret', () => {
  it.each(SECRETS)('finds the secret in %s and reports where, never what', async (file) => {
    const r = await verifyOne(ctx, 'no_plaintext_secret', { file });
    expect(r.verdict).toBe('fail');
    expect(r.details).toMatch(new RegExp(`${file.replace('.', '\\.')}:1 \\(`));
    const secretText = SAMPLES[file] as string;
    const value = /[=:]\s*["']?([^"'\s]+)/.exec(secretText)?.[1] ?? secretText.split('\n')[0];
    expect(r.details).not.toContain(value);
    expect(r.evidence).toEqual([expect.objectContaining({ path: file, startLine: 1 })]);
  });

  it('passes on placeholders, env lookups, descriptive names and variable references', async () => {
    const r = await verifyOne(ctx, 'no_plaintext_secret', { files: 'clean/**' });
    expect(r.verdict).toBe('pass');
    expect(r.evidence).toHaveLength(2);
  });

  it('applies custom RE2 patterns on top of the built-in detectors', async () => {
    const r = await verifyOne(ctx, 'no_plaintext_secret', { files: 'clean/**', patterns: ['ACME-INTERNAL-\\d{4}'] });
    expect(r.details).toBe('possible plaintext secret(s) at 1 location(s): clean/custom.txt:1 (custom pattern 1)');
  });

  it('flags the secret-bearing file of the sample project, but not its server code', async () => {
    const sample = await createCheckContext({ root: SAMPLE_PROJECT, tests: false });
    const bad = await verifyOne(sample, 'no_plaintext_secret', { file: 'src/legacy-credentials.ts' });
    expect(bad.details).toMatch(/:2 \(AWS access key id\); .*:3 \(high-entropy literal/);
    expect((await verifyOne(sample, 'no_plaintext_secret', { files: ['src/server.ts', 'config/**'] })).verdict).toBe('pass');
    sample.parsed.dispose();
  });

  it('fails when the glob selects nothing', async () => {
    expect((await verifyOne(ctx, 'no_plaintext_secret', { files: 'none/**' })).details).toMatch(/nothing was scanned/);
  });
});

describe('no_plaintext_secret in Dockerfiles and bearer literals', () => {
  let project: TempProject;
  let c: CheckContext;
  beforeAll(async () => {
    project = await tempProject({
      'Dockerfile': 'FROM node:20\nENV API_TOKEN=q8Fj3kLm9Pz2Xw7Rt5Vb1Nc4\n',
      'ok/Dockerfile': 'FROM node:20\nENV NODE_ENV=production\nARG API_TOKEN\nENV API_TOKEN=${API_TOKEN}\n',
      'bearer.ts': 'headers.Authorization = "Bearer q8Fj3kLm9Pz2Xw7Rt5Vb1Nc4";\n',
      'ok/bearer.ts': 'headers.Authorization = `Bearer ${token}`;\nconst doc = "Bearer <your-token-here-please>";\n',
    });
    c = await createCheckContext({ root: project.root, tests: false });
  });
  afterAll(async () => {
    c.parsed.dispose();
    await project.remove();
  });

  it.each([
    ['a Dockerfile ENV with a random value under a secret-like name', 'Dockerfile', 'fail'],
    ['Dockerfile ENV/ARG without literal secrets', 'ok/Dockerfile', 'pass'],
    ['a bearer token written into a string', 'bearer.ts', 'fail'],
    ['a bearer header built from a variable, and a placeholder', 'ok/bearer.ts', 'pass'],
  ])('%s', async (_, file, verdict) => {
    const r = await verifyOne(c, 'no_plaintext_secret', { file });
    expect(r.verdict, r.details).toBe(verdict);
    expect(r.details).not.toContain('q8Fj3kLm9Pz2Xw7Rt5Vb1Nc4');
  });
});
