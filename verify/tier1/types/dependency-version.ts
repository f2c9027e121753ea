import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition, CheckOutcome } from '../check.js';
import { resolveDependency, showRequirement } from '../deps/resolve.js';
import { SEMANTICS } from '../deps/semantics.js';

const { params } = ASSERTION_PARAMS.dependency_version;

/**
 * SPEC §4 row 19. With a lockfile, the locked version decides (and must agree with the
 * manifest); without one, every version the declared range admits must satisfy the
 * constraint, under the ecosystem's own version rules.
 */
export const dependencyVersion: AssertionTypeDefinition<typeof params> = {
  type: 'dependency_version',
  params,
  async check(p, ctx) {
    const found = await resolveDependency(ctx, p.manifest, p.package);
    if (!found.ok) return { verdict: 'fail', details: found.reason, evidence: found.evidence };
    const { manifest, declaration, locked, evidence, where } = found;
    const rules = SEMANTICS[manifest.ecosystem];
    const verdict = (pass: boolean, details: string): CheckOutcome => ({ verdict: pass ? 'pass' : 'fail', details, evidence });
    if (!rules.validRange(p.constraint)) return verdict(false, `constraint "${p.constraint}" is not a valid ${rules.label} range`);
    const requirement = declaration.requirement;
    const shown = showRequirement(requirement);

    if (locked && manifest.lockfile) {
      const lockPath = manifest.lockfile.file.path;
      if (!rules.validRange(requirement)) return verdict(false, `${where} declares ${p.package} as ${shown}, which is not a ${rules.label} range`);
      const stray = locked.find((l) => !rules.satisfies(l.version, requirement));
      if (stray) {
        return verdict(false, `${lockPath} locks ${p.package} at ${stray.version}, contradicting ${shown} in ${where}`);
      }
      const bad = locked.find((l) => !rules.satisfies(l.version, p.constraint));
      const versions = locked.map((l) => l.version).join(', ');
      return bad
        ? verdict(false, `${p.package} is locked at ${bad.version} in ${lockPath}, which does not satisfy ${p.constraint}`)
        : verdict(true, `${p.package} is locked at ${versions} in ${lockPath} (declared in ${where} as ${shown}), satisfying ${p.constraint}`);
    }

    const pinned = rules.pinned(requirement);
    if (pinned !== undefined) {
      return rules.satisfies(pinned, p.constraint)
        ? verdict(true, `${p.package} is pinned to ${pinned} in ${where}, satisfying ${p.constraint}`)
        : verdict(false, `${p.package} is pinned to ${pinned} in ${where}, which does not satisfy ${p.constraint}`);
    }
    if (manifest.pinsExactly || !rules.validRange(requirement)) {
      return verdict(false, `${where} declares ${p.package} as ${shown}, which is not a ${rules.label} version or range`);
    }
    return rules.subset(requirement, p.constraint)
      ? verdict(true, `every version ${shown} admits (${where}, no lockfile) satisfies ${p.constraint}`)
      : verdict(false, `the declared range ${shown} (${where}, no lockfile) admits versions outside ${p.constraint}`);
  },
};
