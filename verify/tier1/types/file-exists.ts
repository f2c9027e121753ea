import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition } from '../check.js';
import { lineCount, wholeFileEvidence } from '../lines.js';

const { params } = ASSERTION_PARAMS.file_exists;

/** SPEC §4 row 10: a regular file exists (inside the root, readable under the common rules). */
export const fileExists: AssertionTypeDefinition<typeof params> = {
  type: 'file_exists',
  params,
  async check({ file }, ctx) {
    const read = await ctx.read(file);
    if (!read.ok) return { verdict: 'fail', details: read.reason, evidence: [] };
    return {
      verdict: 'pass',
      details: `${read.file.path} exists (${lineCount(read.file)} lines)`,
      evidence: [wholeFileEvidence(read.file)],
    };
  },
};
