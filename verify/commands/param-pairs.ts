import { UsageError } from '../errors.js';

/**
 * `-p key=value` pairs into a params object. A value that starts like JSON structure
 * (`[`, `{`, `"`) or is `true`/`false`/`null` is parsed as JSON; anything else,
 * numbers included, stays a string (a digest of digits is still a string).
 */
export function parseParamPairs(pairs: readonly string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`parameter "${pair}" must look like key=value`);
    const key = pair.slice(0, eq);
    if (Object.hasOwn(params, key)) throw new UsageError(`parameter "${key}" is given twice`);
    params[key] = parseValue(key, pair.slice(eq + 1));
  }
  return params;
}

function parseValue(key: string, raw: string): unknown {
  if (!/^\s*[[{"]/.test(raw) && !['true', 'false', 'null'].includes(raw)) return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw new UsageError(`parameter "${key}" looks like JSON but is not valid: ${(error as Error).message}`);
  }
}
