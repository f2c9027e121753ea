import { describe, expect, it } from 'vitest';
import { IdReuseError } from './ids.js';
import { asset, attacker, content, NOW } from './test-support/builders.js';
import { createVersion, EntityNotFoundError, restoreEntity, softDeleteEntity } from './versions.js';

const meta = { workspaceId: 'w1', modelId: 'm1', change: 'edit', now: NOW };

describe('createVersion', () => {
  it('numbers versions from 1, records counters and freezes the snapshot', () => {
    const v1 = createVersion(undefined, { ...meta, content: content({ assets: [asset('A1'), asset('A4')] }) });
    expect(v1.version).toBe(1);
    expect(v1.content.idCounters).toMatchObject({ A: 4, T: 0 });
    expect(Object.isFrozen(v1.content.assets[0])).toBe(true);
    expect(() => {
      (v1.content.assets as unknown[]).push(asset('A9'));
    }).toThrow(TypeError);

    const v2 = createVersion(v1, { ...meta, content: content({ assets: [asset('A1')] }) });
    expect(v2.version).toBe(2);
    expect(v2.content.idCounters).toMatchObject({ A: 4 });
  });

  it('refuses a version that hands a removed id to a new entity', () => {
    const v1 = createVersion(undefined, { ...meta, content: content({ assets: [asset('A1'), asset('A2')] }) });
    const v2 = createVersion(v1, { ...meta, content: content({ assets: [asset('A1')] }) });
    expect(() => createVersion(v2, { ...meta, content: content({ assets: [asset('A1'), asset('A2')] }) })).toThrow(IdReuseError);
    expect(createVersion(v2, { ...meta, content: content({ assets: [asset('A1'), asset('A3')] }) }).version).toBe(3);
  });

  it('carries every counter forward, even for prefixes the new content does not hold', () => {
    const v1 = createVersion(undefined, { ...meta, content: content({ idCounters: { Z: 3, A: 2 } }) });
    const v2 = createVersion(v1, { ...meta, content: content({ idCounters: { A: 5 } }) });
    expect(v2.content.idCounters).toMatchObject({ Z: 3, A: 5 });
  });

  it('validates the content', () => {
    expect(() => createVersion(undefined, { ...meta, content: content({ title: '' }) })).toThrow();
  });
});

describe('soft delete and restore', () => {
  const c = content({ assets: [asset('A1')], attackers: [attacker('T1')] });

  it('keeps the id and only toggles deletedAt', () => {
    const deleted = softDeleteEntity(c, 'T1', NOW);
    expect(deleted.attackers[0]).toEqual({ ...attacker('T1'), deletedAt: NOW });
    expect(softDeleteEntity(deleted, 'T1', '2030-01-01T00:00:00.000Z').attackers[0]?.deletedAt).toBe(NOW);
    expect(restoreEntity(deleted, 'T1')).toEqual(c);
    expect(deleted.assets).toEqual(c.assets);
  });

  it('says when the id is unknown', () => {
    expect(() => softDeleteEntity(c, 'A9', NOW)).toThrow(EntityNotFoundError);
    expect(() => restoreEntity(c, 'C1')).toThrow(EntityNotFoundError);
  });
});
