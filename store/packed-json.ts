import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { Binary } from 'mongodb';

/**
 * A large value that is read and written whole, stored as gzipped JSON. FerretDB v1 converts
 * every field of a document on each read and write, so a document of many nested fields costs
 * far more than its bytes: a snapshot with 500 results (0.26 MB) cost ~90 ms to read or write
 * as fields, 3 ms to write and 8 ms to read as one binary of 22 kB. Only for values no query
 * filters on; the caller validates what it unpacks.
 *
 * Synchronous on purpose: these values are tens of kB compressed, and Node's asynchronous zlib
 * spends 4–6× the CPU of one synchronous call on them (thread-pool hand-off, a callback per
 * chunk): 0.76 against 0.22 ms to unpack 500 results, idle. The fastest level: the worker packs
 * a snapshot on every applied run, and level 6 took 2.3× as long for little smaller output
 * (digests and hashes hardly compress).
 */
export function packJson(value: unknown): Binary {
  return new Binary(gzipSync(JSON.stringify(value), { level: constants.Z_BEST_SPEED }));
}

export function unpackJson(packed: Binary): unknown {
  return JSON.parse(gunzipSync(packed.buffer).toString('utf8'));
}
