import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Lowers this process's CPU priority to `nice` (0 keeps it): the worker's batch work (verifying
 * and applying runs, generation, integrations) then yields the cores to the API's requests when
 * both want them, and takes them whole when the API is idle. A queued run waits a little longer
 * under load; a person's read does not.
 *
 * On Linux a nice value belongs to a thread, and a new thread takes its creator's: every thread
 * the process has now is lowered (the runtime's own, started before any code ran), so every
 * thread started later (Temporal's, the thread pool's) is lowered too. Elsewhere the process is.
 * A thread already lower than `nice` is left as it is (raising it back needs privileges).
 */
export function lowerCpuPriority(nice: number): void {
  if (nice <= 0) return;
  for (const tid of threadsOfThisProcess()) {
    try {
      if (getPriority(tid) < nice) setPriority(tid, nice);
    } catch {
      // A thread that ended since it was listed.
    }
  }
}

function threadsOfThisProcess(): number[] {
  try {
    return readdirSync('/proc/self/task').map(Number);
  } catch {
    return [0];
  }
}
