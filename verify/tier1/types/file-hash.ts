import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AssertionTypeDefinition, SafeFile } from '../check.js';
import { wholeFileEvidence } from '../lines.js';

const hex = (length: number) =>
  z.string().regex(new RegExp(`^[0-9a-fA-F]{${length}}$`), `must be ${length} hexadecimal digits`).optional();

const ALGORITHMS = ['sha256', 'sha384', 'sha512'] as const;
type Algorithm = (typeof ALGORITHMS)[number];

const params = z
  .strictObject({
    file: z.string().min(1),
    sha256: hex(64),
    sha384: hex(96),
    sha512: hex(128),
    // Accepted only to refuse them with a reason rather than "unknown parameter".
    md5: z.string().optional(),
    sha1: z.string().optional(),
  })
  .superRefine((p, ctx) => {
    for (const weak of ['md5', 'sha1'] as const) {
      if (p[weak] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [weak], message: `${weak} is refused (collisions are practical); use sha256, sha384 or sha512` });
      }
    }
    const given = ALGORITHMS.filter((a) => p[a] !== undefined);
    if (given.length !== 1 && p.md5 === undefined && p.sha1 === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give exactly one digest: sha256, sha384 or sha512' });
    }
  });

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
