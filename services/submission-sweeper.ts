import type { RunService } from './runs.js';

export interface SubmissionSweeperOptions {
  runs: Pick<RunService, 'resignalUnseen'>;
  /** Time between sweeps; the first runs at once (start-up). */
  intervalMs: number;
  /** A submission younger than this is still with its own request, which signals it. */
  graceMs: number;
  log: (line: string) => void;
  now?: () => Date;
}

export interface SubmissionSweeper {
  /** Resolves when the sweep in progress (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * Delivers stored runs whose signal never reached Temporal (it was down when they arrived, or
 * the API died between storing and signalling). Runs in the API process and needs nothing from
 * Temporal but the signal itself, so it works exactly when it is needed: after Temporal is back.
 * Several API replicas sweeping at once only repeat a signal, which the workflow ignores.
 */
export function startSubmissionSweeper(options: SubmissionSweeperOptions): SubmissionSweeper {
  const now = options.now ?? (() => new Date());
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> = Promise.resolve();

  const sweep = async () => {
    try {
      const count = await options.runs.resignalUnseen(new Date(now().getTime() - options.graceMs));
      if (count > 0) options.log(`re-signalled ${count} stored run(s) still without a verdict`);
    } catch (error) {
      options.log(`submission sweep failed, next in ${options.intervalMs} ms: ${(error as Error).message}`);
    }
  };
  const schedule = () => {
    if (stopped) return;
    sweeping = sweep().finally(() => {
      if (!stopped) timer = setTimeout(schedule, options.intervalMs);
    });
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await sweeping;
    },
  };
}
