import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext } from '../check.js';
import { createCheckContext } from '../context.js';
import { SAMPLE_PROJECT, tempProject, verifyOne, type TempProject } from '../testing.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = await createCheckContext({ root: SAMPLE_PROJECT, tests: { timeoutMs: 120_000 } });
});
afterAll(() => ctx.parsed.dispose());

const run = (params: Record<string, unknown>, c = ctx) => verifyOne(c, 'test_passes', params);

describe('test_passes with the project runners', () => {
  it('vitest: passes when the selected files pass, citing them as evidence', async () => {
    const r = await run({ files: 'tests/math.test.ts' });
    expect(r.details).toMatch(/^vitest: 2 test\(s\) passed/);
    expect(r.evidence.map((e) => e.path)).toEqual(['tests/math.test.ts']);
  });

  it('vitest: fails when a test fails, and counts only tests matching the name', async () => {
    const broken = await run({ files: 'tests/broken.test.ts' });
    expect(broken.verdict).toBe('fail');
    expect(broken.details).toMatch(/vitest exited with 1: 1 of 1 test\(s\) failed/);
    expect((await run({ files: 'tests/math.test.ts', name: 'is commutative' })).details).toMatch(/1 test\(s\) matching "is commutative" passed/);
  });

  it('node:test: passes on a real test, fails on a file with no tests although it exits 0', async () => {
    expect((await run({ files: 'tests/checksum.node.test.mjs' })).details).toMatch(/^node:test: 1 test\(s\) passed/);
    const empty = await run({ files: 'tests/no-tests.node.test.mjs' });
    expect(empty.details).toMatch(/exited with 0 but executed no test/);
  });

  it('node:test: a name that matches nothing executes nothing and fails', async () => {
    expect((await run({ files: 'tests/checksum.node.test.mjs', name: 'no such test' })).details).toMatch(/executed no test matching/);
  });

  it('pytest, go test and cargo test run through their own toolchains', async () => {
    expect((await run({ files: 'tests/test_report.py' })).details).toMatch(/^pytest: 1 test\(s\) passed/);
    expect((await run({ files: 'services/ledger/*_test.go' })).details).toMatch(/^go test: 1 test\(s\) passed/);
    const cargo = await run({ files: 'crates/checksum/tests/*.rs' });
    expect(cargo.details).toMatch(/^cargo test: 1 test\(s\) passed/);
  }, 120_000);

  it('refuses to guess: mixed runners, an ambiguous project, an unknown file type', async () => {
    expect((await run({ files: ['tests/math.test.ts', 'tests/test_report.py'] })).details).toMatch(/need different runners/);
    expect((await run({ name: 'adds' })).details).toMatch(/several test runners apply/);
    expect((await run({ files: 'README*' })).details).toMatch(/no test file matches/);
    expect((await run({ files: 'config/app.yaml' })).details).toMatch(/no allow-listed test runner handles config\/app.yaml/);
  });
});

describe('test_passes against hostile params', () => {
  const marker = path.join(SAMPLE_PROJECT, 'PWNED');

  it('never lets a param become a command or a flag', async () => {
    const attempts = [
      { files: 'tests/math.test.ts; rm -rf /' },
      { files: '$(touch PWNED)' },
      { files: '`touch PWNED`' },
      { files: '../../../../etc/passwd' },
      { files: '/etc/passwd' },
      { files: 'tests/math.test.ts', name: '--reporter=verbose' },
      { files: 'tests/math.test.ts', name: '-t' },
      { files: 'tests/math.test.ts', name: 'x\n--config=/tmp/evil.ts' },
      { files: 'tests/test_report.py', name: '$(touch PWNED)' },
    ];
    for (const params of attempts) {
      const r = await run(params);
      expect(r.verdict, JSON.stringify(params)).toBe('fail');
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('runs nothing when test execution is not enabled', async () => {
    const noExec = await createCheckContext({ root: SAMPLE_PROJECT, tests: false });
    expect((await run({ files: 'tests/math.test.ts' }, noExec)).details).toMatch(/not enabled/);
    noExec.parsed.dispose();
  });
});

/** Dead, or a zombie waiting to be reaped (whose parent, the runner, is dead too). */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

describe('test_passes selection and environment', () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject({
      'package.json': JSON.stringify({ name: 'sel', devDependencies: { vitest: '*' } }),
      // vitest reads file arguments as substring filters: selecting a.test.ts also runs xa.test.ts.
      'a.test.ts': "import { it } from 'vitest';\nit.skip('not run', () => {});\n",
      'xa.test.ts': "import { it, expect } from 'vitest';\nit('passes', () => expect(1).toBe(1));\n",
      'env.node.test.mjs': [
        "import { writeFileSync } from 'node:fs';",
        "import { test } from 'node:test';",
        "test('records what it sees', () => writeFileSync('seen.txt', String(process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? 'none')));",
      ].join('\n'),
    });
    symlinkSync(path.join(import.meta.dirname, '../../../node_modules'), path.join(project.root, 'node_modules'));
  });
  afterAll(() => project.remove());

  it("another file's passing test never vouches for the selected file", async () => {
    const c = await createCheckContext({ root: project.root, tests: { timeoutMs: 120_000 } });
    const r = await run({ files: 'a.test.ts' }, c);
    expect(r.verdict).toBe('fail');
    expect(r.details).toMatch(/also ran test files that were not selected \(xa\.test\.ts\)/);
    c.parsed.dispose();
  });

  it("the project's tests never see the CI's OIDC request credentials", async () => {
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'bearer-secret';
    try {
      const c = await createCheckContext({ root: project.root, tests: { timeoutMs: 60_000 } });
      expect((await run({ files: 'env.node.test.mjs' }, c)).verdict).toBe('pass');
      expect(readFileSync(path.join(project.root, 'seen.txt'), 'utf8')).toBe('none');
      c.parsed.dispose();
    } finally {
      delete process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    }
  });
});

describe('test_passes limits', () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject({
      'package.json': JSON.stringify({ name: 'slow', scripts: { test: 'node --test' } }),
      'hang.test.mjs': [
        "import { writeFileSync } from 'node:fs';",
        "import { test } from 'node:test';",
        "test('never ends', async () => {",
        "  writeFileSync('child.pid', String(process.pid));",
        '  await new Promise(() => setInterval(() => {}, 1000));',
        '});',
      ].join('\n'),
      'jest.test.js': "test('x', () => {});\n",
      'jest/package.json': JSON.stringify({ name: 'j', devDependencies: { jest: '^29' } }),
      'jest/a.test.js': "test('x', () => {});\n",
    });
  });
  afterAll(() => project.remove());

  it('kills the whole process group on timeout and fails', async () => {
    const c = await createCheckContext({ root: project.root, tests: { timeoutMs: 2_000 } });
    const started = Date.now();
    const r = await run({ files: 'hang.test.mjs' }, c);
    expect(r.details).toMatch(/timed out after 2 s and was killed/);
    expect(Date.now() - started).toBeLessThan(10_000);
    const pid = Number(readFileSync(path.join(project.root, 'child.pid'), 'utf8'));
    expect(isGone(pid)).toBe(true);
    c.parsed.dispose();
  });

  it('fails with a reason when the declared runner is not installed', async () => {
    const c = await createCheckContext({ root: project.root });
    expect((await run({ files: 'jest/a.test.js' }, c)).details).toMatch(/jest: jest is not installed for this project/);
    c.parsed.dispose();
  });
});
