import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A synthetic repository and assertions of every Tier 1 type that should all pass on it. */
export interface BenchFixture {
  assertions: Array<{ id: string; type: string; params: Record<string, unknown> }>;
  /** Every file an assertion names, globs expanded: what the floor reads and parses. */
  referenced: string[];
}

const MODULES = 19;
const FILES_PER_MODULE = 100;
const TEST_FILES = 100;

// Deterministic pseudo-random choices (mulberry32), so every run checks the same repository.
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sourcePath = (m: number, f: number, ext: string) => `src/mod-${m}/file-${f}.${ext}`;
const extOf = (f: number) => (f % 10 < 7 ? 'ts' : 'js');

function tsSource(id: number, next: string): string {
  return `import { z } from 'zod';
import express from 'express';
import { helper } from '${next}';

const Input${id} = z.object({ id: z.string(), amount: z.number() });

// Reviewed: eval( is not used here; "password" appears only in this comment.
export class Service${id} {
  @Audited()
  handle${id}(input: unknown): number {
    const parsed = Input${id}.parse(input);
    try {
      return compute${id}(parsed.amount);
    } catch (error) {
      console.error('failed', error);
      return 0;
    }
  }
}

export function compute${id}(amount: number): number {
  if (amount < 0) throw new Error('negative amount');
  const limit = Number(process.env.LIMIT_${id % 50} ?? '100');
  return Math.min(amount, limit) + helper(amount);
}

export function register${id}(app: express.Express): void {
  app.use(rateLimiter${id % 10});
  app.get('/items/${id}', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ok: true, label: 'item ${id}' });
  });
}

${Array.from({ length: 6 }, (_, k) => `export function util${id}_${k}(values: number[]): number {
  let total = 0;
  for (const v of values) total += v * ${k + 1};
  return total;
}`).join('\n\n')}

export function Audited(): MethodDecorator {
  return () => undefined;
}
const rateLimiter${id % 10} = (_req: unknown, _res: unknown, next: () => void) => next();
`;
}

function jsSource(id: number, next: string): string {
  return `import express from 'express';
import { helper } from '${next}';

// Reviewed: no secrets or eval( here.
export class Service${id} {
  handle${id}(input) {
    if (typeof input !== 'object' || input === null) throw new TypeError('object expected');
    try {
      return compute${id}(input.amount);
    } catch (error) {
      console.error('failed', error);
      return 0;
    }
  }
}

export function compute${id}(amount) {
  const limit = Number(process.env.LIMIT_${id % 50} ?? '100');
  return Math.min(amount, limit) + helper(amount);
}

export function register${id}(app) {
  app.use(rateLimiter${id % 10});
  app.get('/items/${id}', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ok: true });
  });
}

${Array.from({ length: 6 }, (_, k) => `export function util${id}_${k}(values) {
  let total = 0;
  for (const v of values) total += v * ${k + 1};
  return total;
}`).join('\n\n')}

const rateLimiter${id % 10} = (_req, _res, next) => next();
`;
}

const testSource = (k: number) => `import { describe, expect, it } from 'vitest';

describe('module ${k}', () => {
  it('computes totals ${k}', () => {
    expect(${k} + 1).toBe(${k + 1});
  });
});
`;

const STATIC_FILES: Record<string, string> = {
  'src/helper.ts': 'export function helper(n: number): number {\n  return n;\n}\n',
  'package.json': JSON.stringify({ name: 'bench', type: 'module', dependencies: { express: '^4.18.0', zod: '^3.22.0' }, devDependencies: { vitest: '^4.1.0' } }, null, 2),
  'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/express': { version: '4.19.2' }, 'node_modules/zod': { version: '3.22.4' }, 'node_modules/vitest': { version: '4.1.12', dev: true } } }, null, 2),
  'requirements.txt': 'requests==2.31.0\nflask>=2.3,<3.0\n',
  'go.mod': 'module example.com/bench\n\ngo 1.21\n\nrequire github.com/gin-gonic/gin v1.9.1\n',
  'Cargo.toml': '[dependencies]\nserde = "1.0"\n',
  'pom.xml': '<project><dependencies><dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>2.17.1</version></dependency></dependencies></project>\n',
  'config/app.yaml': 'server:\n  tls:\n    enabled: true\n  port: 8443\n',
  'config/settings.json': '{ "rateLimit": { "max": 100 }, "auth": { "pkce": true } }\n',
  'config/app.toml': '[database.tls]\nmode = "verify-full"\n',
  'tests/node/sum.test.mjs': "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\n\ntest('sums', () => assert.equal(1 + 1, 2));\n",
  'tests/node/concat.test.mjs': "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\n\ntest('concatenates', () => assert.equal('a' + 'b', 'ab'));\n",
};

export async function writeBenchRepository(root: string): Promise<BenchFixture> {
  const files = new Map<string, string>(Object.entries(STATIC_FILES));
  for (let m = 0; m < MODULES; m++) {
    for (let f = 0; f < FILES_PER_MODULE; f++) {
      const id = m * FILES_PER_MODULE + f;
      const ext = extOf(f);
      files.set(sourcePath(m, f, ext), ext === 'ts' ? tsSource(id, '../helper.js') : jsSource(id, '../helper.js'));
    }
  }
  for (let k = 0; k < TEST_FILES; k++) files.set(`tests/mod-${k % 10}/case-${k}.test.ts`, testSource(k));
  for (const [rel, text] of files) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
  return makeAssertions(files);
}

function makeAssertions(files: Map<string, string>): BenchFixture {
  const next = random(42);
  const pick = () => {
    const m = Math.floor(next() * MODULES);
    const f = Math.floor(next() * FILES_PER_MODULE);
    const ext = extOf(f);
    return { file: sourcePath(m, f, ext), id: m * FILES_PER_MODULE + f, ts: ext === 'ts' };
  };
  const referenced = new Set<string>();
  const out: BenchFixture['assertions'] = [];
  const add = (type: string, params: Record<string, unknown>, refs: string[]) => {
    out.push({ id: `B${out.length + 1}`, type, params });
    for (const r of refs) referenced.add(r);
  };
  const perFile: Array<[string, number, (p: ReturnType<typeof pick>) => Record<string, unknown>]> = [
    ['function_exists', 100, (p) => ({ file: p.file, name: `compute${p.id}` })],
    ['class_exists', 50, (p) => ({ file: p.file, name: `Service${p.id}` })],
    ['function_calls', 50, (p) => ({ file: p.file, caller: `compute${p.id}`, callee: 'helper' })],
    ['import_present', 50, (p) => ({ file: p.file, module: 'express' })],
    ['error_handled', 50, (p) => ({ file: p.file, function: `Service${p.id}.handle${p.id}` })],
    ['middleware_registered', 50, (p) => ({ file: p.file, middleware: `rateLimiter${p.id % 10}` })],
    ['http_header_set', 50, (p) => ({ file: p.file, header: 'Cache-Control', value: 'no-store' })],
    ['env_var_referenced', 50, (p) => ({ file: p.file, variable: `LIMIT_${p.id % 50}` })],
    ['file_exists', 60, (p) => ({ file: p.file })],
    ['file_hash', 50, (p) => ({ file: p.file, sha256: createHash('sha256').update(files.get(p.file) as string).digest('hex') })],
    ['pattern_matches', 60, (p) => ({ file: p.file, pattern: 'res\\.setHeader\\(', scope_start: `export function register${p.id}`, scope_end: '^}' })],
  ];
  for (const [type, count, params] of perFile) for (let i = 0; i < count; i++) {
    const p = pick();
    add(type, params(p), [p.file]);
  }
  for (let i = 0; i < 50; i++) {
    let p = pick();
    while (!p.ts) p = pick();
    add('decorator_present', { file: p.file, decorator: 'Audited', target: `Service${p.id}.handle${p.id}` }, [p.file]);
    add('parameter_validated', { file: p.file, function: `Service${p.id}.handle${p.id}`, parameter: 'input' }, [p.file]);
  }
  const moduleFiles = (m: number) => [...files.keys()].filter((f) => f.startsWith(`src/mod-${m}/`));
  for (let i = 0; i < 40; i++) {
    const m = i % MODULES;
    add('pattern_absent', { files: `src/mod-${m}/**/*.{ts,js}`, pattern: '\\beval\\(', code_only: true }, moduleFiles(m));
    add('no_plaintext_secret', { files: `src/mod-${(m + 7) % MODULES}/**` }, moduleFiles((m + 7) % MODULES));
    const k = i % 10;
    add('test_exists', { files: `tests/mod-${k}/*.test.ts`, name: 'computes totals' }, [...files.keys()].filter((f) => f.startsWith(`tests/mod-${k}/`)));
  }
  const configs: Array<[string, string, unknown]> = [
    ['config/app.yaml', 'server.tls.enabled', true],
    ['config/settings.json', 'auth.pkce', true],
    ['config/app.toml', 'database.tls.mode', 'verify-full'],
  ];
  const deps: Array<[string, string, string]> = [
    ['package.json', 'express', '>=4.17.3'],
    ['requirements.txt', 'flask', '>=2.0'],
    ['go.mod', 'github.com/gin-gonic/gin', '>=v1.9.0'],
    ['Cargo.toml', 'serde', '>=1.0.0, <2'],
    ['pom.xml', 'log4j-core', '[2.17.1,)'],
  ];
  for (let i = 0; i < 40; i++) {
    const [file, key, equals] = configs[i % configs.length] as (typeof configs)[number];
    add('config_key_exists', { file, key }, [file]);
    add('config_value_matches', { file, key, equals }, [file]);
    const [manifest, pkg, constraint] = deps[i % deps.length] as (typeof deps)[number];
    add('dependency_exists', { manifest, package: pkg }, [manifest]);
    add('dependency_version', { manifest, package: pkg, constraint }, [manifest]);
  }
  add('test_passes', { files: 'tests/node/sum.test.mjs' }, ['tests/node/sum.test.mjs']);
  add('test_passes', { files: 'tests/node/concat.test.mjs' }, ['tests/node/concat.test.mjs']);
  return { assertions: out, referenced: [...referenced].sort() };
}
