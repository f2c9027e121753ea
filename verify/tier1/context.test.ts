import { execFileSync } from 'node:child_process';
import { mkdir, open, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext } from './check.js';
import { createCheckContext } from './context.js';
import { tempProject, verifyOne, type TempProject } from './testing.js';

let project: TempProject;
let outside: TempProject;
let ctx: CheckContext;

beforeAll(async () => {
  outside = await tempProject({ 'secret.txt': 'outside the root\n', 'dir/inner.ts': 'export {};\n' });
  project = await tempProject({
    'src/a.ts': 'export const a = 1;\n',
    'src/b.ts': 'export const b = 2;\n',
    'node_modules/dep/index.ts': 'export {};\n',
    '.env': 'TOKEN=x\n',
    'bin/blob.bin': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]),
    'bin/latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
  });
  await symlink(path.join(outside.root, 'secret.txt'), path.join(project.root, 'src/escape.ts'));
  await symlink(path.join(outside.root, 'dir'), path.join(project.root, 'linked-dir'));
  await symlink('a.ts', path.join(project.root, 'src/alias.ts'));
  ctx = await createCheckContext({ root: project.root, tests: false });
});

afterAll(async () => {
  ctx.parsed.dispose();
  await project.remove();
  await outside.remove();
});

const reasonOf = async (p: string) => {
  const r = await ctx.read(p);
  return r.ok ? 'ok' : r.reason;
};

describe('read confinement', () => {
  it('reads a file inside the root with its digest and a POSIX relative path', async () => {
    const r = await ctx.read('./src//a.ts');
    expect(r.ok && r.file.path).toBe('src/a.ts');
    expect(r.ok && r.file.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses ../ and absolute paths before touching the filesystem', async () => {
    expect(await reasonOf('../etc/passwd')).toMatch(/".." may not leave the project root/);
    expect(await reasonOf('src/../../x')).toMatch(/"\.\."/);
    expect(await reasonOf('..\\windows')).toMatch(/"\.\."/);
    expect(await reasonOf('/etc/passwd')).toMatch(/absolute path/);
    expect(await reasonOf('C:\\Windows\\win.ini')).toMatch(/absolute path/);
    expect(await reasonOf('a\0b')).toMatch(/NUL/);
  });

  it('refuses a symlink that resolves outside the root, but follows one that stays inside', async () => {
    expect(await reasonOf('src/escape.ts')).toMatch(/resolves outside the project root/);
    expect(await reasonOf('linked-dir/inner.ts')).toMatch(/resolves outside the project root/);
    expect(await reasonOf('src/alias.ts')).toBe('ok');
  });

  it('refuses binary files: NUL bytes or invalid UTF-8', async () => {
    expect(await reasonOf('bin/blob.bin')).toMatch(/binary file \(contains NUL bytes\)/);
    expect(await reasonOf('bin/latin1.txt')).toMatch(/not valid UTF-8/);
  });

  it('says when a file is missing or is a directory', async () => {
    expect(await reasonOf('src/none.ts')).toMatch(/does not exist/);
    expect(await reasonOf('src')).toMatch(/not a regular file|directory/);
  });

  it('refuses a FIFO instead of blocking on it', async () => {
    execFileSync('mkfifo', [path.join(project.root, 'pipe.txt')]);
    expect(await reasonOf('pipe.txt')).toMatch(/not a regular file/);
  });

  it('reads each file once per run, however many callers ask at once', async () => {
    const fresh = await createCheckContext({ root: project.root, tests: false });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => fresh.read(i % 2 ? 'src/b.ts' : './src/b.ts')));
    // One shared promise means one read: every caller gets the very same result object.
    expect(new Set(results).size).toBe(1);
    fresh.parsed.dispose();
  });
});

describe('checks over hostile paths', () => {
  it('fail closed when a glob matches a symlink that leaves the root', async () => {
    const r = await verifyOne(ctx, 'pattern_absent', { files: 'src/**/*.ts', pattern: 'password' });
    expect(r.verdict).toBe('fail');
    expect(r.details).toMatch(/src\/escape.ts resolves outside the project root/);
  });

  it('treat shell syntax in a path as a file name that does not exist', async () => {
    for (const file of ['; rm -rf /', '$(touch PWNED)', '`id`', 'src/a.ts && echo hi']) {
      const r = await verifyOne(ctx, 'file_exists', { file });
      expect(r.verdict).toBe('fail');
      expect(r.details).toMatch(/does not exist/);
    }
  });
});

describe('size cap', () => {
  let big: TempProject;
  beforeAll(async () => {
    big = await tempProject({});
    const handle = await open(path.join(big.root, 'huge.log'), 'w');
    await handle.truncate(50 * 1024 * 1024);
    await handle.close();
    await writeFile(path.join(big.root, 'edge.txt'), 'x'.repeat(4 * 1024 * 1024));
  });
  afterAll(() => big.remove());

  it('fails a 50 MiB file quickly with a reason, and accepts exactly 4 MiB', async () => {
    const c = await createCheckContext({ root: big.root, tests: false });
    const started = Date.now();
    const r = await c.read('huge.log');
    expect(r.ok ? 'ok' : r.reason).toMatch(/50 MiB, over the 4 MiB limit/);
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await c.read('edge.txt')).ok).toBe(true);
    c.parsed.dispose();
  });
});

describe('glob', () => {
  it('lists files sorted, dotfiles included, node_modules excluded', async () => {
    const r = await ctx.glob('**/*.ts');
    // Symlinked files are listed (read() refuses escape.ts), symlinked directories are not entered.
    expect(r.ok && r.paths).toEqual(['src/a.ts', 'src/alias.ts', 'src/b.ts', 'src/escape.ts']);
    expect(await ctx.glob('.env')).toEqual({ ok: true, paths: ['.env'] });
    expect(await ctx.glob('./src/{a,b}.ts')).toEqual({ ok: true, paths: ['src/a.ts', 'src/b.ts'] });
  });

  it('does not descend into a symlinked directory that leaves the root', async () => {
    const r = await ctx.glob('linked-dir/**');
    expect(r.ok && r.paths).toEqual([]);
  });

  it('refuses globs that climb out or are absolute', async () => {
    for (const g of ['../**/*.ts', 'src/../../**', '/etc/*', '!src/**']) {
      const r = await ctx.glob(g);
      expect(r.ok).toBe(false);
    }
  });
});

describe('project root', () => {
  it('rejects a root that does not exist', async () => {
    await expect(createCheckContext({ root: path.join(project.root, 'missing'), tests: false })).rejects.toThrow(/does not exist/);
  });

  it('gives no process runner when tests are disabled', async () => {
    expect(ctx.exec).toBeUndefined();
    await mkdir(path.join(project.root, 'empty'), { recursive: true });
    const withTests = await createCheckContext({ root: project.root });
    expect(withTests.exec?.timeoutMs).toBeGreaterThan(0);
    withTests.parsed.dispose();
  });
});
