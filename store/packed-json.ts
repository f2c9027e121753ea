import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { Binary } from 'mongodb';

const gzipped = promisify(gzip);
const gunzipped = promisify(gunzip);

/**
 * A large value that is read and written whole, stored as gzipped JSON. FerretDB v1 converts
 * every field of a document on each read and write, so a document of many nested fields costs
 * far more than its bytes: a snapshot with 500 results (0.26 MB) cost ~90 ms to read or write
 * as fields, 3 ms to write and 8 ms to read as one binary of 22 kB. Only for values no query
 * filters on; the caller validates what it unpacks.
 */
export async function packJson(value: unknown): Promise<Binary> {
  return new Binary(await gzipped(JSON.stringify(value)));
}

export async function unpackJson(packed: Binary): Promise<unknown> {
  return JSON.parse((await gunzipped(packed.buffer)).toString('utf8'));
}
