import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ManagedChild {
  readonly name: string;
  readonly pid: number | undefined;
  isAlive(): boolean;
  /** SIGTERM, then SIGKILL if the child has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once, as a crash would end it (fault tests); resolves once it has exited. */
  kill(): Promise<void>;
  /** Resolves with the exit code when the child exits on its own or is stopped. */
  readonly exited: Promise<number | null>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where stdout and stderr go; the terminal stays readable and failures stay diagnosable. */
  logFile?: string;
  /** Mirror output to this process's stderr with a `[name]` prefix. */
  echo?: boolean;
}

/** Spawns a long-running service without a shell and keeps a handle to stop it. */
export function spawnManaged(options: SpawnOptions): ManagedChild {
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (options.logFile) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    const log = createWriteStream(options.logFile, { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  }
  if (options.echo) {
    const prefix = `[${options.name}] `;
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) if (line.trim()) process.stderr.write(prefix + line + '\n');
      });
    }
  } else {
    child.stdout?.resume();
    child.stderr?.resume();
  }
  let alive = true;
  // If this process ends without stopping the child (an uncaught error, process.exit), take it along.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      alive = false;
      process.off('exit', killOnExit);
      resolve(code);
    });
    child.once('error', () => {
      alive = false;
      resolve(null);
    });
  });
  return {
    name: options.name,
    pid: child.pid,
    isAlive: () => alive,
    exited,
    async kill() {
      if (!alive) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 10_000) {
      if (!alive) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
