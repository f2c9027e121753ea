import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext } from '../check.js';
import { createCheckContext } from '../context.js';
import { SAMPLE_PROJECT, tempProject, verifyOne } from '../testing.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = await createCheckContext({ root: SAMPLE_PROJECT, tests: false });
});
afterAll(() => ctx.parsed.dispose());

describe('pattern_matches', () => {
  it('passes with the matching line as evidence', async () => {
    const r = await verifyOne(ctx, 'pattern_matches', { file: 'src/server.ts', pattern: 'app\\.use\\(helmet\\(\\)\\)' });
    expect(r.verdict).toBe('pass');
    expect(r.evidence[0]).toMatchObject({ path: 'src/server.ts', startLine: 5, endLine: 5 });
  });

  it('looks only inside the scope delimited by scope_start and scope_end', async () => {
    const scoped = { file: 'src/server.ts', scope_start: '// BEGIN request-handling', scope_end: '// END request-handling' };
    expect((await verifyOne(ctx, 'pattern_matches', { ...scoped, pattern: 'Strict-Transport-Security' })).verdict).toBe('pass');
    const outside = await verifyOne(ctx, 'pattern_matches', { ...scoped, pattern: 'app\\.listen' });
    expect(outside.verdict).toBe('fail');
    expect(outside.details).toMatch(/pattern not found in the scoped region/);
  });

  it('fails when the pattern occurs only in comments or strings and code_only is set', async () => {
    expect((await verifyOne(ctx, 'pattern_matches', { file: 'src/server.ts', pattern: 'eval\\(' })).verdict).toBe('pass');
    expect((await verifyOne(ctx, 'pattern_matches', { file: 'src/server.ts', pattern: 'eval\\(', code_only: true })).verdict).toBe('fail');
  });

  it('searches a glob and fails when it matches no file', async () => {
    expect((await verifyOne(ctx, 'pattern_matches', { files: 'src/**/*.py', pattern: 'json\\.dumps' })).verdict).toBe('pass');
    expect((await verifyOne(ctx, 'pattern_matches', { files: 'nowhere/**', pattern: 'x' })).details).toMatch(/no file matches/);
  });

  it('needs exactly one of file and files, and a scope that closes', async () => {
    expect((await verifyOne(ctx, 'pattern_matches', { pattern: 'x' })).details).toMatch(/exactly one of "file" or "files"/);
    const open = await verifyOne(ctx, 'pattern_matches', { file: 'src/server.ts', pattern: 'x', scope_start: 'BEGIN', scope_end: 'NEVER' });
    expect(open.details).toMatch(/scope_start at src\/server.ts:10 has no scope_end/);
  });
});

describe('pattern_absent', () => {
  it('passes when only comments and strings mention the pattern and code_only is set', async () => {
    const r = await verifyOne(ctx, 'pattern_absent', { files: ['src/**/*.ts', 'src/**/*.py'], pattern: 'eval\\(|pickle\\.loads', code_only: true });
    expect(r.verdict).toBe('pass');
    expect(r.evidence.map((e) => e.path)).toContain('src/server.ts');
  });

  it('fails with the location of every hit but never the matched text', async () => {
    const r = await verifyOne(ctx, 'pattern_absent', { files: 'src/**/*.ts', pattern: 'eval\\(' });
    expect(r.verdict).toBe('fail');
    expect(r.details).toBe('pattern found at 2 location(s): src/server.ts:6, src/server.ts:7');
    expect(r.evidence.map((e) => e.startLine)).toEqual([6, 7]);
  });

  it('fails when zero files match: absence from nothing is not evidence', async () => {
    const r = await verifyOne(ctx, 'pattern_absent', { files: 'does-not-exist/**/*.ts', pattern: 'eval' });
    expect(r.details).toMatch(/absence from zero files is not evidence/);
  });

  it('fails when the scope is nowhere to be found', async () => {
    const r = await verifyOne(ctx, 'pattern_absent', { file: 'src/server.ts', pattern: 'x', scope_start: 'NO SUCH MARKER' });
    expect(r.details).toMatch(/scope was not found/);
  });

  it('fails rather than guess when code_only meets a language it cannot lex', async () => {
    const r = await verifyOne(ctx, 'pattern_absent', { file: 'config/app.properties', pattern: 'x', code_only: true });
    expect(r.details).toMatch(/code_only cannot be honoured/);
  });

  it('fails on a pattern RE2 cannot run', async () => {
    const r = await verifyOne(ctx, 'pattern_absent', { file: 'src/server.ts', pattern: '(eval)\\1' });
    expect(r.details).toMatch(/RE2/);
  });
});

describe('hostile sources with code_only', () => {
  // Before the fix, each `/` that may start a regex literal rescanned the rest of the line:
  // quadratic, over a minute for this line. The check must answer within the test timeout.
  it('a long line of would-be regex literals is masked in linear time', async () => {
    const project = await tempProject({ 'm.js': `${'(/['.repeat(400_000)}\neval(input);\n` });
    const c = await createCheckContext({ root: project.root, tests: false });
    try {
      const r = await verifyOne(c, 'pattern_absent', { file: 'm.js', pattern: 'eval\\(', code_only: true });
      expect(r.verdict).toBe('fail');
    } finally {
      c.parsed.dispose();
      await project.remove();
    }
  });
});

describe('code_only on TS/JS follows the parser', () => {
  const files = {
    'jsx.tsx': "export const A = () => <p>Don't worry</p>; eval(userInput);\n",
    'division.ts': 'let count = 1;\ncount++ / 2; eval(userInput); const n = count / 2;\n',
    'regex-class.ts': 'const re = /[/]/; eval(userInput);\n',
    'literals.ts': "// eval(a)\nconst s = 'eval(b)';\nconst t = `eval(c) ${String(1)}`;\nconst r = /eval\\(d/;\n",
    'substitution.ts': 'const t = `value: ${eval(userInput)}`;\n',
  };
  it.each([
    ['JSX text with an apostrophe', 'jsx.tsx', 'fail'],
    ['a division after ++', 'division.ts', 'fail'],
    ['a slash inside a regex character class', 'regex-class.ts', 'fail'],
    ['comments, strings, template text and regex literals', 'literals.ts', 'pass'],
    ['code inside a template substitution', 'substitution.ts', 'fail'],
  ])('%s', async (_, file, verdict) => {
    const project = await tempProject(files);
    const c = await createCheckContext({ root: project.root, tests: false });
    try {
      expect((await verifyOne(c, 'pattern_absent', { file, pattern: 'eval\\(', code_only: true })).verdict).toBe(verdict);
    } finally {
      c.parsed.dispose();
      await project.remove();
    }
  });
});

describe('code_only on Python follows the parser', () => {
  it.each([
    ['code inside an f-string substitution', 'x = f"{eval(user_input)}"\n', 'fail'],
    ['comments, strings and f-string text', '# eval(a)\ns = "eval(b)"\nt = f"eval(c) {len(s)}"\nu = """eval(d)"""\n', 'pass'],
  ])('%s', async (_, source, verdict) => {
    const project = await tempProject({ 'm.py': source });
    const c = await createCheckContext({ root: project.root, tests: false });
    try {
      expect((await verifyOne(c, 'pattern_absent', { file: 'm.py', pattern: 'eval\\(', code_only: true })).verdict).toBe(verdict);
    } finally {
      c.parsed.dispose();
      await project.remove();
    }
  });
});
