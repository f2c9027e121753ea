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
