import path from 'node:path';
import type { CheckContext, SafeFile } from '../check.js';
import { findUp } from './find-up.js';

export type RunnerName = 'vitest' | 'jest' | 'mocha' | 'node:test' | 'pytest' | 'go test' | 'cargo test';

export type Detected = { ok: true; runner: RunnerName; marker: SafeFile | undefined } | { ok: false; reason: string };

const JS_FILE = /\.(?:[cm]?[jt]sx?)$/;

/** What a JS test file imports says which runner it was written for. */
function runnerImportedBy(text: string): RunnerName | undefined {
  if (/from\s+['"]vitest['"]|require\(\s*['"]vitest['"]\s*\)/.test(text)) return 'vitest';
  if (/from\s+['"](?:node:)?test['"]|require\(\s*['"](?:node:)?test['"]\s*\)/.test(text)) return 'node:test';
  if (/from\s+['"]@jest\/globals['"]/.test(text)) return 'jest';
  return undefined;
}

/** A package.json's declared runner: vitest, jest or mocha by dependency, node:test by script. */
function runnerDeclaredBy(packageJson: SafeFile | undefined): RunnerName | undefined {
  if (!packageJson) return undefined;
  let pkg: { dependencies?: object; devDependencies?: object; scripts?: { test?: unknown } };
  try {
    pkg = JSON.parse(packageJson.text) as typeof pkg;
  } catch {
    return undefined;
  }
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  for (const runner of ['vitest', 'jest', 'mocha'] as const) if (runner in deps) return runner;
  return typeof pkg.scripts?.test === 'string' && /\bnode\b.*--test\b/.test(pkg.scripts.test) ? 'node:test' : undefined;
}

function runnerForFile(file: SafeFile): RunnerName | 'js' | undefined {
  if (JS_FILE.test(file.path)) return runnerImportedBy(file.text) ?? 'js';
  if (file.path.endsWith('.py')) return 'pytest';
  if (file.path.endsWith('_test.go')) return 'go test';
  if (file.path.endsWith('.rs')) return 'cargo test';
  return undefined;
}

/** One allow-listed runner for all the selected test files, or a reason there is none. */
export async function detectRunnerForFiles(ctx: CheckContext, files: readonly SafeFile[]): Promise<Detected> {
  const runners = new Set<RunnerName>();
  let marker: SafeFile | undefined;
  for (const file of files) {
    const guess = runnerForFile(file);
    if (!guess) return { ok: false, reason: `no allow-listed test runner handles ${file.path}` };
    if (guess !== 'js') {
      runners.add(guess);
      continue;
    }
    const found = await findUp(ctx, path.posix.dirname(file.path), 'package.json');
    const declared = runnerDeclaredBy(found?.file);
    if (!declared) return { ok: false, reason: `cannot tell which runner ${file.path} is for: it imports none and no package.json declares vitest, jest, mocha or node --test` };
    runners.add(declared);
    marker = found?.file;
  }
  if (runners.size !== 1) {
    return { ok: false, reason: `the selected files need different runners (${[...runners].join(', ')}); use one assertion per runner` };
  }
  return { ok: true, runner: [...runners][0] as RunnerName, marker };
}

const PYTEST_MARKERS: Array<[string, (text: string) => boolean]> = [
  ['pytest.ini', () => true],
  ['conftest.py', () => true],
  ['pyproject.toml', (t) => /^\[tool\.pytest/m.test(t)],
  ['setup.cfg', (t) => /^\[tool:pytest\]/m.test(t)],
  ['tox.ini', (t) => /^\[pytest\]/m.test(t)],
];

/** Without files: the project's own markers must point at exactly one runner. */
export async function detectRunnerForProject(ctx: CheckContext): Promise<Detected> {
  const candidates: Array<{ runner: RunnerName; marker: SafeFile }> = [];
  const read = async (p: string) => {
    const r = await ctx.read(p);
    return r.ok ? r.file : undefined;
  };
  const packageJson = await read('package.json');
  const js = runnerDeclaredBy(packageJson);
  if (js && packageJson) candidates.push({ runner: js, marker: packageJson });
  for (const [marker, configures] of PYTEST_MARKERS) {
    const file = await read(marker);
    if (file && configures(file.text)) {
      candidates.push({ runner: 'pytest', marker: file });
      break;
    }
  }
  const goMod = await read('go.mod');
  if (goMod) candidates.push({ runner: 'go test', marker: goMod });
  const cargo = await read('Cargo.toml');
  if (cargo) candidates.push({ runner: 'cargo test', marker: cargo });
  const only = candidates[0];
  if (candidates.length === 1 && only) return { ok: true, runner: only.runner, marker: only.marker };
  if (candidates.length === 0) return { ok: false, reason: 'no allow-listed test runner is configured in the project root' };
  return { ok: false, reason: `several test runners apply (${candidates.map((c) => c.runner).join(', ')}); select test files with "files"` };
}
