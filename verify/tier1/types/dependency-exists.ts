import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition } from '../check.js';
import { resolveDependency, showRequirement } from '../deps/resolve.js';

const { params } = ASSERTION_PARAMS.dependency_exists;

/** SPEC §4 row 18: the manifest declares the package (and its lockfile, if any, resolves it). */
export const dependencyExists: AssertionTypeDefinition<typeof params> = {
  type: 'dependency_exists',
  params,
  async check(p, ctx) {
    const found = await resolveDependency(ctx, p.manifest, p.package);
    if (!found.ok) return { verdict: 'fail', details: found.reason, evidence: found.evidence };
    const locked = found.locked ? `, locked at ${found.locked.map((l) => l.version).join(', ')} in ${found.manifest.lockfile?.file.path}` : '';
    return {
      verdict: 'pass',
      details: `${p.package} is declared in ${found.where} as ${showRequirement(found.declaration.requirement)}${locked}`,
      evidence: found.evidence,
    };
  },
};
