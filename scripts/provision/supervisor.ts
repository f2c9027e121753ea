import { spawnManaged, type ManagedChild, type SpawnOptions } from './child.js';

export interface SupervisorOptions {
  log: (line: string) => void;
  /** Wait before the first restart; doubled per crash in a row, up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A child that ran this long before it crashed starts again from `initialDelayMs`. */
  stableAfterMs?: number;
}

export interface Supervisor {
  /** The running process of a supervised child, if it is up now. */
  child(name: string): ManagedChild | undefined;
  /** Stops restarting and stops every child (SIGTERM, then SIGKILL after the grace period). */
  stop(): Promise<void>;
}

/**
 * Keeps long-running children up: a child that exits on its own is started again after a
 * capped exponential backoff, so one crashed process (the API, the worker) does not take the
 * rest down, and one that keeps crashing does not spin.
 */
export function supervise(specs: readonly SpawnOptions[], options: SupervisorOptions): Supervisor {
  const initialDelayMs = options.initialDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const stableAfterMs = options.stableAfterMs ?? 60_000;
  const running = new Map<string, ManagedChild>();
  let stopped = false;
  let wake: () => void = () => {};
  const stopping = new Promise<void>((resolve) => (wake = resolve));

  async function keepUp(spec: SpawnOptions): Promise<void> {
    let delay = initialDelayMs;
    while (!stopped) {
      const startedAt = Date.now();
      const child = spawnManaged(spec);
      running.set(spec.name, child);
      const code = await child.exited;
      running.delete(spec.name);
      if (stopped) return;
      const upMs = Date.now() - startedAt;
      if (upMs >= stableAfterMs) delay = initialDelayMs;
      options.log(`${spec.name} exited (code ${code}) after ${Math.round(upMs / 1000)} s; restarting in ${delay} ms`);
      await Promise.race([new Promise((r) => setTimeout(r, delay)), stopping]);
      delay = Math.min(delay * 2, maxDelayMs);
    }
  }

  const loops = specs.map((spec) => keepUp(spec));
  return {
    child: (name) => running.get(name),
    async stop() {
      stopped = true;
      wake();
      await Promise.all([...running.values()].map((child) => child.stop()));
      await Promise.all(loops);
    },
  };
}
