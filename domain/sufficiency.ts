import { appendTo } from './append-to.js';
import { sortIds } from './ids.js';

/**
 * Criteria and aspects match when equal after Unicode NFKC, trimming, collapsing whitespace and
 * lower-casing: deterministic, no fuzzy matching (an LLM review may add to this, never replace it).
 */
export function normalizeAspect(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export interface CriterionCoverage {
  criterion: string;
  /** Passing assertions whose aspects cover this criterion, sorted. */
  assertionIds: string[];
}

export interface Sufficiency {
  /** Every criterion covered; a control without criteria is never sufficient (fail closed). */
  sufficient: boolean;
  covered: CriterionCoverage[];
  /** Criteria no passing assertion covers, in the control's order. */
  uncovered: string[];
}

/**
 * Deterministic coverage of a control's verification criteria by the `aspects` of the assertions
 * given; pass only the assertions that pass at the level being judged.
 */
export function assessSufficiency(
  criteria: readonly string[],
  passing: ReadonlyArray<{ id: string; aspects: readonly string[] }>,
): Sufficiency {
  const coveredBy = new Map<string, string[]>();
  for (const assertion of passing) {
    for (const aspect of assertion.aspects) {
      const key = normalizeAspect(aspect);
      appendTo(coveredBy, key, assertion.id);
    }
  }
  const covered: CriterionCoverage[] = [];
  const uncovered: string[] = [];
  const seen = new Set<string>();
  for (const criterion of criteria) {
    const key = normalizeAspect(criterion);
    if (seen.has(key)) continue;
    seen.add(key);
    const ids = coveredBy.get(key);
    if (ids) covered.push({ criterion, assertionIds: sortIds(ids) });
    else uncovered.push(criterion);
  }
  return { sufficient: seen.size > 0 && uncovered.length === 0, covered, uncovered };
}
