import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/assay-verify.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/code', import.meta.url));
const MARK = '__assay_loaded ';

// Loaded before the CLI: records every package the process loads, through ESM (a resolve hook,
// which runs in the loader thread and reports back) or require(), and prints them as it exits.
const HOOKS = `let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) { const r = await next(specifier, context); port.postMessage(r.url); return r; }
`;
const PRELOAD = `import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const urls = new Set();
port1.on('message', (url) => urls.add(url));
port1.unref();
register('./hooks.mjs', import.meta.url, { data: { port: port2 }, transferList: [port2] });
process.on('exit', () => {
  const all = [...urls, ...Object.keys(createRequire(import.meta.url).cache)];
  const packages = new Set(all.map((u) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(u)?.[1]).filter(Boolean));
  process.stderr.write('\\n${MARK}' + JSON.stringify([...packages]) + '\\n');
});
`;

/** What a one-run CLI must not load unless its assertions or a provider ask for it. */
const HEAVY = ['ts-morph', '@ts-morph/common', 'web-tree-sitter', 'yaml', 'smol-toml', 're2-wasm', 'semver', '@renovatebot/pep440', 'openai', '@anthropic-ai/sdk'];

describe('assay-verify check loads only what its assertions need', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'assay-lazy-'));
    await writeFile(path.join(dir, 'hooks.mjs'), HOOKS);
    await writeFile(path.join(dir, 'preload.mjs'), PRELOAD);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function loadedBy(assertion: { type: string; params: Record<string, unknown> }): Promise<{ packages: string[]; verdict: string }> {
    const file = path.join(dir, `${assertion.type}.json`);
    await writeFile(file, JSON.stringify([assertion]));
    const env = { ...process.env, ASSAY_TIER2_PROVIDER: '' };
    const out = await run(process.execPath, ['--import', pathToFileURL(path.join(dir, 'preload.mjs')).href, BIN, 'check', file, '--project-root', FIXTURES, '--output', 'json'], { env });
    const line = out.stderr.split('\n').find((l) => l.startsWith(MARK));
    if (!line) throw new Error(`no list of loaded packages on stderr: ${out.stderr}`);
    return { packages: JSON.parse(line.slice(MARK.length)) as string[], verdict: (JSON.parse(out.stdout) as { results: { verdict: string }[] }).results[0]!.verdict };
  }

  it('file_exists without a Tier 2 provider: no parser, no manifest library, no provider SDK', async () => {
    const { packages, verdict } = await loadedBy({ type: 'file_exists', params: { file: 'ts/functions.ts' } });
    expect(verdict).toBe('pass');
    expect(packages).toContain('zod'); // the list is real: the schemas load
    expect(packages.filter((p) => HEAVY.includes(p))).toEqual([]);
  });

  it('a TypeScript function_exists loads ts-morph and nothing else of that list', async () => {
    const { packages, verdict } = await loadedBy({ type: 'function_exists', params: { file: 'ts/functions.ts', name: 'authenticate' } });
    expect(verdict).toBe('pass');
    expect(packages.filter((p) => HEAVY.includes(p)).sort()).toEqual(['@ts-morph/common', 'ts-morph']);
  });
});
