import { execFile } from 'node:child_process';
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable named `command` on PATH, like `which`. */
export function which(command: string, pathVar = process.env.PATH ?? ''): string | undefined {
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** Runs a build or install step without a shell; a failure carries the tail of its output. */
export async function runTool(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<void> {
  try {
    await execFileAsync(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      timeout: options.timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    const tail = (e.stderr || e.stdout || e.message).trim().split('\n').slice(-5).join(' | ');
    throw new Error(`\`${[command, ...args].join(' ')}\` failed: ${tail}`);
  }
}

/**
 * `command` from the PyPI packages pinned in `requirements`, installed once into the virtualenv
 * `venv` (kept under the tools folder, so later runs reuse it).
 */
export async function pipInstalledTool(python: string, venv: string, requirements: string, command: string): Promise<string> {
  const cli = join(venv, 'bin', command);
  if (isExecutableFile(cli)) return cli;
  mkdirSync(dirname(venv), { recursive: true });
  await runTool(python, ['-m', 'venv', venv], { timeoutMs: 120_000 });
  await runTool(join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', requirements], {
    timeoutMs: 600_000,
  });
  if (!isExecutableFile(cli)) throw new Error(`pip finished but ${cli} is missing`);
  return cli;
}
