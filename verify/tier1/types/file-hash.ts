import { createHash } from 'node:crypto';
import { ASSERTION_PARAMS, DIGEST_ALGORITHMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition, SafeFile } from '../check.js';
import { wholeFileEvidence } from '../lines.js';

type Algorithm = (typeof DIGEST_ALGORITHMS)[number];
const ALGORITHMS = DIGEST_ALGORITHMS;
const { params } = ASSERTION_PARAMS.file_hash;

/** SPEC §4 row 11: the file's digest equals the expected one. */
export const fileHash: AssertionTypeDefinition<typeof params> = {
  type: 'file_hash',
  params,
  async check(p, ctx) {
    const algorithm = ALGORITHMS.find((a) => p[a] !== undefined) as Algorithm;
    const expected = (p[algorithm] as string).toLowerCase();
    const read = await ctx.read(p.file);
    if (!read.ok) return { verdict: 'fail', details: read.reason, evidence: [] };
    const actual = digest(read.file, algorithm);
    const evidence = [wholeFileEvidence(read.file)];
    if (actual === expected) return { verdict: 'pass', details: `${read.file.path} has the expected ${algorithm} digest`, evidence };
    return { verdict: 'fail', details: `${read.file.path} has ${algorithm} ${actual}, expected ${expected}`, evidence };
  },
};

function digest(file: SafeFile, algorithm: Algorithm): string {
  if (algorithm === 'sha256') return file.sha256;
  // Reads decode strictly (no BOM stripping), so re-encoding yields the exact file bytes.
  return createHash(algorithm).update(Buffer.from(file.text, 'utf8')).digest('hex');
}
