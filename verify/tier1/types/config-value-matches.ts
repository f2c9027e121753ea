import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition } from '../check.js';
import { findConfigKey } from '../config/find-key.js';
import { compilePattern, hasMatch } from '../regex.js';

const { params } = ASSERTION_PARAMS.config_value_matches;

type Scalar = string | number | boolean | null;
const isScalar = (v: unknown): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** SPEC §4 row 16: the value at the key matches `pattern` (RE2) or equals `equals`. */
export const configValueMatches: AssertionTypeDefinition<typeof params> = {
  type: 'config_value_matches',
  params,
  async check(p, ctx) {
    const compiled = p.pattern === undefined ? undefined : compilePattern(p.pattern, 'pattern');
    if (compiled && !compiled.ok) return { verdict: 'fail', details: compiled.reason, evidence: [] };
    const hit = await findConfigKey(ctx, p.file, p.key);
    if (!hit.ok) return { verdict: 'fail', details: hit.reason, evidence: hit.evidence };
    const evidence = [hit.evidence];

    if (compiled) {
      if (!isScalar(hit.value)) {
        return { verdict: 'fail', details: `${p.key} at ${hit.where} is ${describe(hit.value)}, not a single value; point the key at a scalar`, evidence };
      }
      const matched = hasMatch(compiled.re, String(hit.value));
      return {
        verdict: matched ? 'pass' : 'fail',
        details: `${p.key} at ${hit.where} ${matched ? 'matches' : 'does not match'} the pattern`,
        evidence,
      };
    }
    const equal = sameValue(hit.value, p.equals);
    return {
      verdict: equal ? 'pass' : 'fail',
      details: equal
        ? `${p.key} at ${hit.where} equals the expected value`
        : `${p.key} at ${hit.where} (${kindOf(hit.value)}) differs from the expected ${preview(p.equals)}`,
      evidence,
    };
  },
};

/**
 * Same type: structural equality. Scalars of different types compare as text, because
 * INI, .env and .properties only have strings (`enabled=true` must equal `true`).
 */
function sameValue(actual: unknown, expected: unknown): boolean {
  if (isScalar(actual) && isScalar(expected)) return typeof actual === typeof expected ? actual === expected : String(actual) === String(expected);
  return JSON.stringify(sortKeys(actual)) === JSON.stringify(sortKeys(expected));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'a list' : 'an object';
}

// The actual value is never printed: it may be a credential, and details leave CI.
function kindOf(value: unknown): string {
  return isScalar(value) ? (value === null ? 'null' : typeof value) : describe(value);
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
