import path from 'node:path';
import type { CheckContext, SafeFile } from '../check.js';
import type { ExecRequest, ExecResult } from '../process.js';
import type { RunnerName } from './detect.js';
import { findUp } from './find-up.js';
import { afterDashes, JS_RUNNERS, type JsRunner } from './js-runners.js';
import { parseCargoSummary, parseGoTestJson, parseJunitXml, type TestCounts } from './reports.js';

export interface Plan {
  request: ExecRequest;
  read(result: Extract<ExecResult, { ok: true }>): TestCounts | undefined;
}

export type Planned = { ok: true; plan: Plan } | { ok: false; reason: string };

/** Names become a regex matching that literal text; they are values of fixed flags, never flags. */
const literalRegex = (name: string) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
// `./` keeps a file from ever being read as an option, even one named `-x`.
const asArg = (file: string) => `./${file}`;

/**
 * The fixed argument list for each allow-listed runner. Params reach it only as
 * validated, existing, project-relative file paths and a validated test name.
 */
export async function planRun(ctx: CheckContext, runner: RunnerName, files: readonly SafeFile[], name: string | undefined): Promise<Planned> {
  const paths = files.map((f) => asArg(f.path));
  switch (runner) {
    case 'vitest':
    case 'jest':
    case 'mocha':
    case 'node:test': {
      const js: JsRunner = JS_RUNNERS[runner];
      const filter = name ? [js.nameFilter(literalRegex(name))] : [];
      return {
        ok: true,
        plan: {
          request: { program: js.program, cwd: '.', args: ({ outputFile }) => [...js.fixed, ...js.report(outputFile), ...filter, ...js.files(paths)] },
          read: (r) => js.parse(r.outputFile, ctx.root, files.map((f) => f.absPath)),
        },
      };
    }
    case 'pytest':
      if (name !== undefined && !/^[A-Za-z_]\w*$/.test(name)) return { ok: false, reason: 'for pytest, name must be a test identifier (letters, digits, _)' };
      return {
        ok: true,
        plan: {
          request: {
            program: { kind: 'system', name: 'python3' },
            cwd: '.',
            args: ({ outputFile }) => ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', `--junitxml=${outputFile}`, ...(name ? ['-k', name] : []), ...afterDashes(paths)],
            env: () => ({ PYTHONDONTWRITEBYTECODE: '1' }),
          },
          read: (r) => parseJunitXml(r.outputFile),
        },
      };
    case 'go test':
      return goPlan(ctx, files, name);
    case 'cargo test':
      return cargoPlan(ctx, files, name);
  }
}

/** go test runs packages: the directories of the test files, from the nearest go.mod. */
async function goPlan(ctx: CheckContext, files: readonly SafeFile[], name: string | undefined): Promise<Planned> {
  const module = await findUp(ctx, files[0] ? path.posix.dirname(files[0].path) : '.', 'go.mod');
  if (!module) return { ok: false, reason: 'no go.mod found for the selected Go tests' };
  const packages = new Set<string>();
  for (const file of files) {
    const rel = path.posix.relative(module.dir, path.posix.dirname(file.path));
    if (rel.startsWith('..')) return { ok: false, reason: `${file.path} is outside the Go module at ${module.dir}; use one assertion per module` };
    packages.add(rel === '' ? '.' : `./${rel}`);
  }
  if (packages.size === 0) packages.add('./...');
  return {
    ok: true,
    plan: {
      request: {
        program: { kind: 'system', name: 'go' },
        cwd: module.dir,
        args: () => ['test', '-json', '-count=1', ...(name ? [`-run=${literalRegex(name)}`] : []), ...packages],
        // Tier 1 never reaches the network: modules must already be in the module cache.
        env: () => ({ GOPROXY: 'off', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly' }),
      },
      read: (r) => parseGoTestJson(r.stdout),
    },
  };
}

/** cargo test: integration tests by target name, unit tests through --lib; builds go to scratch. */
async function cargoPlan(ctx: CheckContext, files: readonly SafeFile[], name: string | undefined): Promise<Planned> {
  const crate = await findUp(ctx, files[0] ? path.posix.dirname(files[0].path) : '.', 'Cargo.toml');
  if (!crate) return { ok: false, reason: 'no Cargo.toml found for the selected Rust tests' };
  const targets = new Set<string>();
  for (const file of files) {
    const rel = path.posix.relative(crate.dir, file.path);
    const integration = /^tests\/([\w-]+)\.rs$/.exec(rel);
    if (integration) targets.add(`--test=${integration[1]}`);
    else if (rel.startsWith('src/')) targets.add('--lib');
    else return { ok: false, reason: `${file.path} is neither an integration test (tests/*.rs) nor in src/` };
  }
  return {
    ok: true,
    plan: {
      request: {
        program: { kind: 'system', name: 'cargo' },
        cwd: crate.dir,
        args: () => ['test', '--offline', '--color=never', ...targets, '--', ...(name ? [name] : [])],
        env: ({ scratchDir }) => ({ CARGO_TARGET_DIR: scratchDir }),
      },
      read: (r) => parseCargoSummary(r.stdout),
    },
  };
}
