import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition } from '../check.js';
import { findConfigKey } from '../config/find-key.js';

const { params } = ASSERTION_PARAMS.config_key_exists;

/** SPEC §4 row 15: the key is present at exactly that path. */
export const configKeyExists: AssertionTypeDefinition<typeof params> = {
  type: 'config_key_exists',
  params,
  async check({ file, key }, ctx) {
    const hit = await findConfigKey(ctx, file, key);
    if (!hit.ok) return { verdict: 'fail', details: hit.reason, evidence: hit.evidence };
    return { verdict: 'pass', details: `${hit.format} key ${key} is present at ${hit.where}`, evidence: [hit.evidence] };
  },
};
