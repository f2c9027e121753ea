import { describe, expect, it } from 'vitest';
import { ASSERTION_PARAMS } from '../../domain/assertion-params/index.js';
import { ASSERTION_TYPES } from '../../domain/schemas/assertion.js';
import { TIER1_IMPLEMENTATIONS, TIER1_REGISTRY } from './registry.js';

describe('TIER1_REGISTRY', () => {
  it('holds exactly the 21 catalogue types, each under its own name', () => {
    expect([...TIER1_REGISTRY.keys()]).toEqual([...ASSERTION_TYPES]);
    for (const [name, def] of TIER1_REGISTRY) expect(def.type).toBe(name);
  });

  it('checks each type with the parameters domain/ defines for it (one definition, no twin)', () => {
    for (const [name, def] of TIER1_REGISTRY) expect(def.params).toBe(ASSERTION_PARAMS[name as keyof typeof ASSERTION_PARAMS].params);
  });

  it('loads, for each type, the implementation of that type with those same parameters', async () => {
    for (const type of ASSERTION_TYPES) {
      const implementation = await TIER1_IMPLEMENTATIONS[type]();
      expect(implementation.type).toBe(type);
      expect(implementation.params).toBe(ASSERTION_PARAMS[type].params);
    }
  });
});
