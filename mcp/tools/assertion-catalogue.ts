import { ASSERTION_PARAMS, type AssertionParamsDefinition } from '../../domain/assertion-params/index.js';

/** `file | files, pattern, scope_start?`: alternatives joined where the first of them stands. */
function signature(def: AssertionParamsDefinition): string {
  const parts: string[] = [];
  const placed = new Set<string>(def.hidden);
  for (const [name, schema] of Object.entries(def.params.shape)) {
    if (placed.has(name)) continue;
    const one = def.oneOf.find((group) => group.includes(name));
    const any = def.anyOf.find((group) => group.includes(name));
    const group = one ?? any;
    if (group) {
      group.forEach((n) => placed.add(n));
      parts.push(group.join(one ? ' | ' : ' and/or '));
    } else {
      placed.add(name);
      parts.push(schema.safeParse(undefined).success ? `${name}?` : name);
    }
  }
  return parts.join(', ');
}

/**
 * The assertion types and their params, generated from their definitions (domain/assertion-params)
 * as a compact list for the submit_assertions description: an agent picks the type from here.
 */
export const ASSERTION_CATALOGUE = `Assertion types (params; "?" = optional):
${Object.entries(ASSERTION_PARAMS)
  .map(([type, def]) => `- ${type}(${signature(def)}): ${def.summary}`)
  .join('\n')}
Paths are relative to the repository root. An unknown parameter is refused at once.`;
