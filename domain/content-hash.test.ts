import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { assertionDigest, assertionSetDigest, runContentHash } from './content-hash.js';
import { AssertionBundleSchema } from './ci-contract.js';
import type { RunEntry } from './schemas/envelope.js';

const entry = (id: string, verdict: 'pass' | 'fail' = 'pass'): RunEntry => ({
  definition: { id, type: 'file_exists', params: { file: `src/${id}.ts` } },
  tier1: { verdict, details: 'ok', evidence: [{ path: `src/${id}.ts`, sha256: 'a'.repeat(64), startLine: 1, endLine: 1 }] },
});

describe('runContentHash', () => {
  it('is sha256 of the canonical JSON of the entries sorted by definition id', () => {
    const entries = [entry('X2'), entry('X1')];
    const expected = sha256Hex(canonicalJson([entry('X1'), entry('X2')]));
    expect(runContentHash(entries)).toBe(expected);
    // Pinned: the CI signer and the platform must agree on this value byte for byte.
    expect(runContentHash([entry('X1')])).toBe(sha256Hex(
      '[{"definition":{"id":"X1","params":{"file":"src/X1.ts"},"type":"file_exists"},' +
        '"tier1":{"details":"ok","evidence":[{"endLine":1,"path":"src/X1.ts","sha256":"' + 'a'.repeat(64) +
        '","startLine":1}],"verdict":"pass"}}]',
    ));
  });

  it('does not depend on entry order, and changes with any verdict', () => {
    expect(runContentHash([entry('X1'), entry('X2')])).toBe(runContentHash([entry('X2'), entry('X1')]));
    expect(runContentHash([entry('X1'), entry('X2', 'fail')])).not.toBe(runContentHash([entry('X1'), entry('X2')]));
  });

  it('ignores keys outside the schema and orders ties by content', () => {
    const extra = { ...entry('X1'), note: 'not hashed' } as RunEntry;
    expect(runContentHash([extra])).toBe(runContentHash([entry('X1')]));
    const a = entry('X1');
    const b = entry('X1', 'fail');
    expect(runContentHash([a, b])).toBe(runContentHash([b, a]));
  });

  it('refuses entries that do not match the schema', () => {
    expect(() => runContentHash([{ definition: { id: 'X1' } } as unknown as RunEntry])).toThrow();
  });
});

describe('assertionDigest', () => {
  const def = { id: 'X1', type: 'file_exists', params: { file: 'a.ts' } };
  it('covers type, params and description, not the id or platform fields', () => {
    expect(assertionDigest(def)).toBe(sha256Hex('{"params":{"file":"a.ts"},"type":"file_exists"}'));
    expect(assertionDigest({ ...def, id: 'X9' })).toBe(assertionDigest(def));
    expect(assertionDigest({ ...def, aspects: ['x'], controlId: 'C1' } as typeof def)).toBe(assertionDigest(def));
    expect(assertionDigest({ ...def, params: { file: 'b.ts' } })).not.toBe(assertionDigest(def));
    expect(assertionDigest({ ...def, description: 'why' })).not.toBe(assertionDigest(def));
  });
});

describe('assertionSetDigest', () => {
  const a = { id: 'X1', type: 'file_exists', params: { file: 'a.ts' } };
  const b = { id: 'X2', type: 'function_exists', params: { file: 'a.ts', name: 'f' }, description: 'f exists' };

  it('is sha256 of the canonical {controlId, assertions sorted by id → {id, digest}}', () => {
    const expected = sha256Hex(canonicalJson({ controlId: 'C1', assertions: [{ id: 'X1', digest: assertionDigest(a) }, { id: 'X2', digest: assertionDigest(b) }] }));
    expect(assertionSetDigest('C1', [b, a])).toBe(expected);
    expect(assertionSetDigest('C1', [a, b])).toBe(expected);
  });

  it('is the canonical form for ids and control ids that need escaping', () => {
    const odd = ['C"1', 'C\\2', 'Ünïcödé', 'tab\there', 'line\u2028sep', '\u0001ctl', '😀', '</script>'];
    for (const controlId of odd) {
      const defs = odd.map((id) => ({ ...a, id }));
      const expected = sha256Hex(canonicalJson({ controlId, assertions: defs.map((d) => ({ id: d.id, digest: assertionDigest(d) })).sort((x, y) => (x.id < y.id ? -1 : 1)) }));
      expect(assertionSetDigest(controlId, defs)).toBe(expected);
    }
  });

  it('changes with the control, the set, any edit or an id, and not with platform fields', () => {
    const base = assertionSetDigest('C1', [a, b]);
    expect(assertionSetDigest('C2', [a, b])).not.toBe(base);
    expect(assertionSetDigest('C1', [a])).not.toBe(base);
    expect(assertionSetDigest('C1', [a, { ...b, params: { file: 'a.ts', name: 'g' } }])).not.toBe(base);
    expect(assertionSetDigest('C1', [a, { ...b, id: 'X3' }])).not.toBe(base);
    expect(assertionSetDigest('C1', [{ ...a, aspects: ['anything'] } as typeof a, b])).toBe(base);
  });
});

describe('AssertionBundleSchema controls', () => {
  const bundle = { workspaceId: 'w', modelId: 'M1', modelVersion: 1, assertions: [] };
  it('defaults to no controls and keeps id, description, criteria and risk tier', () => {
    expect(AssertionBundleSchema.parse(bundle).controls).toEqual([]);
    const control = { id: 'C1', description: 'Verify sessions', verificationCriteria: ['session verified'], riskTier: 'critical' };
    expect(AssertionBundleSchema.parse({ ...bundle, controls: [control] }).controls).toEqual([control]);
    expect(AssertionBundleSchema.safeParse({ ...bundle, controls: [{ ...control, riskTier: 'severe' }] }).success).toBe(false);
  });
});
