import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what the last full collection kept before it collects again,
 * in percent. V8's own factor reaches 4× when collecting is cheap: the API, whose request garbage
 * lives long enough to be promoted, grew from ~90 MB live to ~250 MB of heap between collections
 * under `bench:api`. At 1.5× the heap follows what is live, however much that is, at the price of
 * more frequent (mostly concurrent) full collections; there is no fixed cap to run out of.
 */
export const HEAP_GROWING_PERCENT = 50;

/** For the long-running processes (API, worker): set before they allocate much; V8 reads it at every collection. */
export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/**
 * How the worker is started as a process of its own (scripts/start.ts, bench/api.ts, and
 * docker/Dockerfile, which a test keeps equal). The worker holds two V8 heaps (its own and its
 * workflow thread's) next to Temporal's core, and under `bench:api` stayed above 300 MiB:
 * - young generation at most 2 × 4 MB per heap instead of 2 × 16 MB: its batch work keeps little
 *   young garbage alive, so the extra scavenges cost little (the API keeps V8's default: its
 *   request garbage is its throughput);
 * - at most 2 malloc arenas: glibc otherwise gives each of the ~17 threads that allocate
 *   (Temporal's core, libuv, V8's) an arena of its own, most of each left resident.
 * Both must be set before the process starts: V8 sizes a heap when it creates it, glibc reads
 * its environment once.
 */
export const WORKER_NODE_FLAGS = ['--max-semi-space-size=4'];
export const WORKER_ENV = { MALLOC_ARENA_MAX: '2' };
