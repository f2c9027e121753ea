import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateIds, compareIds, contentIdCounters, idNumber, nextId, reusedIds, sortByIds, sortIds } from './ids.js';
import type { ModelContent } from './schemas/threat-model.js';
import { asset, assumption, attacker, content, NOW } from './test-support/builders.js';
import { createVersion, restoreEntity, softDeleteEntity } from './versions.js';

describe('idNumber', () => {
  it.each([
    ['A', 'A12', 12],
    ['A', 'AS1', undefined],
    ['T', 'TB3', undefined],
    ['C', 'CO2', undefined],
    ['CO', 'CO2', 2],
    ['A', 'A01', undefined],
    ['A', 'A0', undefined],
    ['A', 'B1', undefined],
    ['A', 'A', undefined],
  ] as const)('%s / %s → %s', (prefix, id, n) => {
    expect(idNumber(prefix, id)).toBe(n);
  });
});

describe('nextId and allocateIds', () => {
  it('goes above both the counter and every id seen, ignoring other prefixes', () => {
    expect(nextId('A', [])).toBe('A1');
    expect(nextId('A', ['A1', 'A7', 'AS9'])).toBe('A8');
    expect(nextId('A', ['A1'], { A: 12 })).toBe('A13');
  });

  it('allocates a run of ids and advances the counter', () => {
    expect(allocateIds('CO', 3, { CO: 4, C: 9 }, ['CO2'])).toEqual({ ids: ['CO5', 'CO6', 'CO7'], counters: { CO: 7, C: 9 } });
    expect(allocateIds('F', 0, {})).toEqual({ ids: [], counters: { F: 0 } });
  });
});

describe('compareIds / sortIds', () => {
  it('sorts by prefix then number, deduplicating', () => {
    expect(sortIds(['C10', 'C2', 'AS1', 'A3', 'A10', 'C2', 'X1-b', 'X1-a', 'C02'])).toEqual([
      'A3', 'A10', 'AS1', 'C2', 'C02', 'C10', 'X1-a', 'X1-b',
    ]);
    expect(compareIds('C1', 'C1')).toBe(0);
  });

  it('sortByIds orders as sorting with compareIds does, ties by the tie-breaker', () => {
    const idArb = fc.stringMatching(/^[A-Z]{0,2}[0-9]{0,3}[-a-z0-9]{0,2}$/);
    fc.assert(
      fc.property(fc.array(fc.record({ id: idArb, n: fc.nat(9) }), { maxLength: 30 }), (items) => {
        const tie = (a: { n: number }, b: { n: number }) => a.n - b.n;
        expect(sortByIds(items, (i) => i.id, tie)).toEqual([...items].sort((a, b) => compareIds(a.id, b.id) || tie(a, b)));
      }),
    );
  });
});

describe('reusedIds and contentIdCounters', () => {
  it('flags a new entity that takes a number already allocated', () => {
    const before = content({ assets: [asset('A1'), asset('A2')], idCounters: { AS: 4 } });
    expect(contentIdCounters(before)).toMatchObject({ A: 2, AS: 4, T: 0 });
    const after = content({ assets: [asset('A1'), asset('A3')], assumptions: [assumption('AS2', [])] });
    expect(reusedIds(before, after)).toEqual(['AS2']);
    expect(reusedIds(before, content({ assets: [asset('A2')] }))).toEqual([]);
  });
});

type Op =
  | { kind: 'add'; collection: 'assets' | 'assumptions' | 'attackers' }
  | { kind: 'hardRemove' | 'softDelete' | 'restore'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), collection: fc.constantFrom('assets' as const, 'assumptions' as const, 'attackers' as const) }),
  fc.record({ kind: fc.constantFrom('hardRemove' as const, 'softDelete' as const, 'restore' as const), pick: fc.nat(20) }),
);

describe('ids are never reused (property)', () => {
  it('across versions with adds, hard removals, soft deletes and restores', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 25 }), (ops) => {
        let version = createVersion(undefined, { workspaceId: 'w', modelId: 'm', content: content(), change: 'init', now: NOW });
        const allocated: string[] = [];
        for (const op of ops) {
          const next = step(version.content, op, allocated);
          version = createVersion(version, { workspaceId: 'w', modelId: 'm', content: next, change: op.kind, now: NOW });
        }
        expect(new Set(allocated).size).toBe(allocated.length);
      }),
      { numRuns: 1000 },
    );
  });
});

function step(current: ModelContent, op: Op, allocated: string[]): ModelContent {
  const all = [...current.assets, ...current.assumptions, ...current.attackers];
  if (op.kind === 'add') {
    const prefix = { assets: 'A', assumptions: 'AS', attackers: 'T' }[op.collection];
    const id = nextId(prefix, current[op.collection].map((e) => e.id), current.idCounters);
    allocated.push(id);
    const make = { assets: () => asset(id), assumptions: () => assumption(id, []), attackers: () => attacker(id) }[op.collection];
    return { ...current, [op.collection]: [...current[op.collection], make()] };
  }
  const target = all[op.pick % Math.max(all.length, 1)];
  if (target === undefined) return current;
  if (op.kind === 'softDelete') return softDeleteEntity(current, target.id, NOW);
  if (op.kind === 'restore') {
    const restored = restoreEntity(current, target.id);
    expect([...restored.assets, ...restored.assumptions, ...restored.attackers].map((e) => e.id)).toContain(target.id);
    return restored;
  }
  const keep = <T extends { id: string }>(xs: T[]) => xs.filter((e) => e.id !== target.id);
  return { ...current, assets: keep(current.assets), assumptions: keep(current.assumptions), attackers: keep(current.attackers) };
}
