import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext } from '../check.js';
import { parseKeyPath } from '../config/key-path.js';
import { createCheckContext } from '../context.js';
import { SAMPLE_PROJECT, tempProject, verifyOne, type TempProject } from '../testing.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = await createCheckContext({ root: SAMPLE_PROJECT, tests: false });
});
afterAll(() => ctx.parsed.dispose());

describe('key paths', () => {
  it('parses dots, indices and quoted keys, and rejects malformed paths', () => {
    expect(parseKeyPath('a.b[0].c')).toEqual(['a', 'b', 0, 'c']);
    expect(parseKeyPath('a["x.y"][2]')).toEqual(['a', 'x.y', 2]);
    for (const bad of ['', 'a..b', 'a.', '.a', 'a[x]', 'a[0']) expect(parseKeyPath(bad), bad).toBeUndefined();
  });
});

describe('config_key_exists', () => {
  it.each([
    ['config/app.yaml', 'server.tls.enabled', 5],
    ['config/app.yaml', 'allowed_origins[1]', 16],
    ['config/settings.jsonc', 'auth.providers[0].pkce', 5],
    ['config/app.toml', 'database.tls.mode', 6],
    ['config/app.ini', 'session.timeout', 5],
    ['config/app.properties', 'server.ssl.enabled', 3],
    ['config/.env.example', 'SESSION_TTL', 2],
  ])('finds %s %s at line %i', async (file, key, line) => {
    const r = await verifyOne(ctx, 'config_key_exists', { file, key });
    expect(r.verdict).toBe('pass');
    expect(r.evidence[0]).toMatchObject({ path: file, startLine: line });
  });

  it('does not accept the same key at another nesting level', async () => {
    const r = await verifyOne(ctx, 'config_key_exists', { file: 'config/app.yaml', key: 'security.csrf' });
    expect(r.verdict).toBe('fail');
    expect(r.details).toMatch(/key security\.csrf not found \(a "csrf" exists at app\.security\.csrf, which is a different path\)/);
    expect((await verifyOne(ctx, 'config_key_exists', { file: 'config/app.toml', key: 'tls.mode' })).verdict).toBe('fail');
    expect((await verifyOne(ctx, 'config_key_exists', { file: 'config/app.yaml', key: 'allowed_origins[2]' })).verdict).toBe('fail');
  });

  it('fails on a syntax error and on a format it does not know', async () => {
    const project: TempProject = await tempProject({ 'bad.json': '{"a": 1,, }', 'bad.yaml': 'a: [1, 2\n', 'x.xml': '<a/>' });
    const c = await createCheckContext({ root: project.root, tests: false });
    expect((await verifyOne(c, 'config_key_exists', { file: 'bad.json', key: 'a' })).details).toMatch(/not valid JSON at line 1/);
    expect((await verifyOne(c, 'config_key_exists', { file: 'bad.yaml', key: 'a' })).details).toMatch(/not valid YAML/);
    expect((await verifyOne(c, 'config_key_exists', { file: 'x.xml', key: 'a' })).details).toMatch(/unsupported config format/);
    c.parsed.dispose();
    await project.remove();
  });
});

describe('config_value_matches', () => {
  it('passes on equals (typed, or as text for untyped formats) and on an RE2 pattern', async () => {
    expect((await verifyOne(ctx, 'config_value_matches', { file: 'config/app.yaml', key: 'server.tls.enabled', equals: true })).verdict).toBe('pass');
    expect((await verifyOne(ctx, 'config_value_matches', { file: 'config/app.properties', key: 'server.ssl.enabled', equals: true })).verdict).toBe('pass');
    expect((await verifyOne(ctx, 'config_value_matches', { file: 'config/app.toml', key: 'database.tls.mode', pattern: '^verify-(ca|full)$' })).verdict).toBe('pass');
    expect((await verifyOne(ctx, 'config_value_matches', { file: 'config/app.yaml', key: 'allowed_origins', equals: ['https://app.example.com', 'https://admin.example.com'] })).verdict).toBe('pass');
  });

  it('fails on a different value without printing the actual one', async () => {
    const r = await verifyOne(ctx, 'config_value_matches', { file: 'config/app.toml', key: 'database.url', equals: 'postgres://localhost/app' });
    expect(r.verdict).toBe('fail');
    expect(r.details).not.toContain('db.internal');
    const p = await verifyOne(ctx, 'config_value_matches', { file: 'config/app.ini', key: 'security.hsts', pattern: 'max-age=31536000' });
    expect(p.verdict).toBe('fail');
  });

  it('needs exactly one of pattern and equals, and a scalar for a pattern', async () => {
    expect((await verifyOne(ctx, 'config_value_matches', { file: 'config/app.yaml', key: 'server.port' })).details).toMatch(/exactly one of "pattern" or "equals"/);
    expect((await verifyOne(ctx, 'config_value_matches', { file: 'config/app.yaml', key: 'server', pattern: 'x' })).details).toMatch(/not a single value/);
  });
});

describe('hostile config files', () => {
  // Before the fix, finding the line of a key took quadratic time on a line of `[`: ~50 s here,
  // about an hour at the 4 MiB cap. The check must answer within the test timeout.
  it('a long line of brackets before the section does not stall the key lookup', async () => {
    const project = await tempProject({ 'a.ini': `${'['.repeat(400_000)}\n[server]\ntls = on\n` });
    const c = await createCheckContext({ root: project.root, tests: false });
    try {
      const r = await verifyOne(c, 'config_key_exists', { file: 'a.ini', key: 'server.tls' });
      expect(r).toMatchObject({ verdict: 'pass', evidence: [expect.objectContaining({ startLine: 3 })] });
    } finally {
      c.parsed.dispose();
      await project.remove();
    }
  });
});
