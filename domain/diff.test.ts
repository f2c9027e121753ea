import { describe, expect, it } from 'vitest';
import { diffContent, diffVersions } from './diff.js';
import { asset, attacker, content, control, NOW } from './test-support/builders.js';
import { createVersion } from './versions.js';

describe('diffContent', () => {
  const a = content({
    assets: [asset('A1'), asset('A2'), asset('A3', { deletedAt: NOW })],
    attackers: [attacker('T1')],
    controls: [control('C1', ['CO1'])],
  });

  it('reports added, removed and modified per entity with field-level changes', () => {
    const b = content({
      title: 'Renamed',
      assets: [asset('A1', { impact: 'L', properties: ['C'] }), asset('A3'), asset('A4')],
      attackers: [attacker('T1', { deletedAt: NOW })],
      controls: [control('C1', ['CO1'])],
    });
    const diff = diffContent(a, b);
    expect(diff.fields).toEqual([{ field: 'title', before: 'Model', after: 'Renamed' }]);
    expect(diff.entities.assets).toEqual({
      added: ['A3', 'A4'],
      removed: ['A2'],
      modified: [
        {
          id: 'A1',
          changes: [
            { field: 'impact', before: 'H', after: 'L' },
            { field: 'properties', before: ['C', 'I'], after: ['C'] },
          ],
        },
      ],
    });
    expect(diff.entities.attackers).toEqual({ added: [], removed: ['T1'], modified: [] });
    expect(diff.entities.controls).toEqual({ added: [], removed: [], modified: [] });
  });

  it('ignores key order and reports fields that appear or disappear', () => {
    const reordered = { ...control('C1', ['CO1']) };
    const shuffled = Object.fromEntries(Object.entries(reordered).reverse()) as typeof reordered;
    expect(diffContent(a, { ...a, controls: [shuffled] }).entities.controls.modified).toEqual([]);
    const described = diffContent(a, { ...a, assets: [asset('A1', { description: 'x' }), asset('A2')] });
    expect(described.entities.assets.modified).toEqual([{ id: 'A1', changes: [{ field: 'description', before: '', after: 'x' }] }]);
    const both = diffContent(a, { ...a, assets: [asset('A2', { impact: 'M' }), asset('A1', { impact: 'L' })] });
    expect(both.entities.assets.modified.map((m) => m.id)).toEqual(['A1', 'A2']);
    const { name: _omit, ...noName } = attacker('T1');
    const dropped = diffContent(a, { ...a, attackers: [noName as typeof a.attackers[number]] });
    expect(dropped.entities.attackers.modified[0]?.changes).toEqual([{ field: 'name', before: 'Attacker T1', after: undefined }]);
  });
});

describe('diffVersions', () => {
  it('diffs any two versions, in either direction', () => {
    const meta = { workspaceId: 'w', modelId: 'm', change: 'c', now: NOW };
    const v1 = createVersion(undefined, { ...meta, content: content({ assets: [asset('A1')] }) });
    const v2 = createVersion(v1, { ...meta, content: content({ assets: [asset('A1'), asset('A2')] }) });
    expect(diffVersions(v1, v2)).toMatchObject({ fromVersion: 1, toVersion: 2, entities: { assets: { added: ['A2'] } } });
    expect(diffVersions(v2, v1).entities.assets.removed).toEqual(['A2']);
  });
});
