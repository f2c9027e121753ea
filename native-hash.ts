import { createHash } from 'node:crypto';
import { useSha256 } from './domain/canonical-json.js';

/** Makes domain/'s digests use node:crypto in this process (the API's and the worker's; see useSha256). */
export function useNativeSha256(): void {
  useSha256((data) => createHash('sha256').update(data).digest('hex'));
}
