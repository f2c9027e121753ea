import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCacheDir } from './compile-cache.js';

const run = promisify(execFile);
const MODULE = new URL('./compile-cache.ts', import.meta.url).href;

// Each start is its own process, as the CLI's are: install the hook, require a large CommonJS
// file (which requires a sibling and reads __dirname), print what it returned and the counts.
const START = `import { createRequire } from 'node:module';
const { installCompileCache } = await import(${JSON.stringify(MODULE)});
const cache = installCompileCache(process.argv[2], { preferNode: false });
const big = createRequire(import.meta.url)(process.argv[3]);
cache.flush();
console.log(JSON.stringify({ answer: big.answer(), dir: big.dir, engine: cache.engine, stats: cache.stats }));
`;

describe('the start-up compile cache (Node 20 require hook)', () => {
  let dir: string;
  let big: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'assay-compile-cache-'));
    big = path.join(dir, 'big.cjs');
    await writeFile(path.join(dir, 'start.mjs'), START);
    await writeFile(path.join(dir, 'small.cjs'), 'module.exports = 40;\n');
    // ~400 KB of functions: above the size the hook caches, like typescript.js
    const padding = Array.from({ length: 8000 }, (_, i) => `function f${i}(x) { return x + ${i}; }`).join('\n');
    await writeFile(big, `${padding}\nconst small = require('./small.cjs');\nexports.answer = () => small + f2(0);\nexports.dir = __dirname;\n`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const start = async (cacheDir: string) =>
    JSON.parse((await run(process.execPath, ['--import', 'tsx', path.join(dir, 'start.mjs'), cacheDir, big])).stdout) as {
      answer: number;
      dir: string;
      engine: string;
      stats: { hits: number; misses: number };
    };

  it('compiles a large file once, then starts from the cached code with the same behaviour', async () => {
    const cacheDir = path.join(dir, 'cache');
    const first = await start(cacheDir);
    expect(first).toEqual({ answer: 42, dir, engine: 'require-hook', stats: { hits: 0, misses: 1 } });
    expect(await readdir(cacheDir)).toHaveLength(1); // the small sibling is not worth an entry
    expect((await start(cacheDir)).stats).toEqual({ hits: 1, misses: 0 });
  });

  it('an edited file is compiled from source again, never run from the old code', async () => {
    const cacheDir = path.join(dir, 'cache-edit');
    await start(cacheDir);
    await appendFile(big, 'exports.answer = () => 7;\n');
    const edited = await start(cacheDir);
    expect(edited.answer).toBe(7);
    expect(edited.stats).toEqual({ hits: 0, misses: 1 });
  });

  it('ASSAY_VERIFY_COMPILE_CACHE chooses the folder or turns the cache off', () => {
    expect(defaultCacheDir({ ASSAY_VERIFY_COMPILE_CACHE: 'off' })).toBeUndefined();
    expect(defaultCacheDir({ ASSAY_VERIFY_COMPILE_CACHE: '/var/cache/assay' })).toBe('/var/cache/assay');
    expect(defaultCacheDir({})).toContain(tmpdir());
  });
});
