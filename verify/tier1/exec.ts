import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isInside } from './confine.js';
import type { ExecResult, Program, ProcessRunner } from './process.js';

const MAX_CAPTURE_BYTES = 16 * 1024 * 1024;
export const DEFAULT_TEST_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * The only place assay-verify starts processes. `shell: false` and a resolved program
 * mean nothing in the argument list is ever interpreted by a shell; the child gets its
 * own process group so a timeout kills everything it started.
 */
export function createProcessRunner(rootReal: string, timeoutMs = DEFAULT_TEST_TIMEOUT_MS): ProcessRunner {
  return {
    timeoutMs,
    async run(request) {
      const cwd = path.resolve(rootReal, request.cwd);
      if (cwd !== rootReal && !isInside(rootReal, cwd)) {
        return { ok: false, reason: `working directory ${request.cwd} is outside the project root` };
      }
      const command = await resolveProgram(rootReal, request.program);
      if (!command.ok) return command;
      const dir = await mkdtemp(path.join(tmpdir(), 'assay-verify-'));
      try {
        const paths = { outputFile: path.join(dir, 'report'), scratchDir: path.join(dir, 'scratch') };
        const args = [...command.prefix, ...request.args(paths)];
        const result = await spawnBounded(command.file, args, cwd, childEnv(request.env?.(paths)), timeoutMs);
        const report = await readFile(paths.outputFile, 'utf8').catch(() => undefined);
        return { ...result, outputFile: report?.slice(0, MAX_CAPTURE_BYTES) };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

type Resolved = { ok: true; file: string; prefix: string[] } | { ok: false; reason: string };

async function resolveProgram(rootReal: string, program: Program): Promise<Resolved> {
  switch (program.kind) {
    case 'node':
      return { ok: true, file: process.execPath, prefix: [] };
    case 'system':
      return { ok: true, file: program.name, prefix: [] };
    case 'node-package': {
      // Node's own package lookup: node_modules in the root, then in each parent directory.
      for (let dir = rootReal; ; dir = path.dirname(dir)) {
        const script = path.join(dir, 'node_modules', program.name, program.entry);
        if (await access(script, constants.R_OK).then(() => true, () => false)) {
          return { ok: true, file: process.execPath, prefix: [script] };
        }
        if (path.dirname(dir) === dir) break;
      }
      return { ok: false, reason: `${program.name} is not installed for this project (install dependencies first)` };
    }
  }
}

/** CI credentials that could mint the pipeline's OIDC identity (GitHub Actions) or act as the runner. */
const CI_CREDENTIALS = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'ACTIONS_RUNTIME_TOKEN', 'CI_JOB_JWT', 'CI_JOB_JWT_V2'];

/**
 * The project's tests are untrusted code: they never see assay-verify's own secrets, nor the CI
 * credentials that would let them obtain the pipeline's OIDC identity and vouch for results.
 */
function childEnv(extra: Readonly<Record<string, string>> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('ASSAY_') || CI_CREDENTIALS.includes(key)) continue;
    if (key.startsWith('VITEST') || key === 'FORCE_COLOR' || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  return { ...env, CI: 'true', NO_COLOR: '1', ...extra };
}

type Finished = Omit<Extract<ExecResult, { ok: true }>, 'outputFile'> | { ok: false; reason: string };

function spawnBounded(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd, env, shell: false, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = capture(child.stdout);
    const stderr = capture(child.stderr);
    let timedOut = false;
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: `could not start ${path.basename(file)} (${(error as NodeJS.ErrnoException).code ?? error.message})` });
    });
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer);
      // Runners sometimes leave workers behind; the group dies with the run.
      killGroup();
      resolve({ ok: true, exitCode, signal, timedOut, stdout: stdout(), stderr: stderr() });
    });
  });
}

function capture(stream: NodeJS.ReadableStream): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    if (size >= MAX_CAPTURE_BYTES) return;
    chunks.push(chunk);
    size += chunk.length;
  });
  return () => Buffer.concat(chunks).toString('utf8').slice(0, MAX_CAPTURE_BYTES);
}
