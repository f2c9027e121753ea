import { describe, expect, it } from 'vitest';
import { asset, attacker, control, objective } from '../domain/test-support/builders.js';
import type { ModelContent } from '../domain/schemas/threat-model.js';
import { createEntity, deleteEntity, updateEntity } from './model-edit-rules.js';
import { InvalidInputError, NotFoundError } from './errors.js';

const NOW = '2025-03-01T00:00:00.000Z';
const content: ModelContent = {
  title: 't',
  description: 'd',
  assets: [asset('A1', { description: 'kept' }), asset('A2', { deletedAt: NOW })],
  attackers: [attacker('T1')],
  trustBoundaries: [],
  objectives: [objective('CO1', { assetId: 'A1', attackerId: 'T1' }), objective('CO2', { assetId: 'A2', attackerId: 'T1', deletedAt: NOW })],
  controls: [control('C1', ['CO1'])],
  assumptions: [],
};

describe('direct model edits', () => {
  it('creates with an id above every id ever used, and objectives for the new pairs', () => {
    const { content: next, entity } = createEntity(content, 'assets', { name: 'Keys', properties: ['C'], impact: 'H' }, NOW);
    expect(entity).toMatchObject({ id: 'A3', status: 'unverified', description: '' });
    expect(next.objectives.filter((o) => o.assetId === 'A3')).toMatchObject([{ id: 'CO3', attackerId: 'T1', riskTier: 'critical' }]);
  });

  it('updates only the fields given (defaults are not re-applied) and re-rates objectives', () => {
    const { content: next, entity } = updateEntity(content, 'assets', 'A1', { impact: 'L' }, NOW);
    expect(entity).toMatchObject({ description: 'kept', impact: 'L', status: 'confirmed' });
    expect(next.objectives.find((o) => o.id === 'CO1')?.riskTier).toBe('medium');
    expect(() => updateEntity(content, 'assets', 'A1', {}, NOW)).toThrow(/at least one field/);
    expect(() => updateEntity(content, 'assets', 'A2', { impact: 'L' }, NOW)).toThrow(NotFoundError);
  });

  it('soft-deletes, taking the objectives of a removed asset with it', () => {
    const { content: next } = deleteEntity(content, 'attackers', 'T1', NOW);
    expect(next.attackers[0]?.deletedAt).toBe(NOW);
    expect(next.objectives.every((o) => o.deletedAt)).toBe(true);
  });

  it('refuses references to unknown or deleted entities', () => {
    const bad = { name: 'x', description: 'd', objectiveIds: ['CO2'], verificationCriteria: ['c'] };
    expect(() => createEntity(content, 'controls', bad, NOW)).toThrow(InvalidInputError);
    expect(() => createEntity(content, 'controls', { ...bad, objectiveIds: ['CO1'], mitigationGroups: { CO9: 'g' } }, NOW)).toThrow(/not among its objectiveIds/);
    expect(() => updateEntity(content, 'attackers', 'T1', { crosses: ['TB1'] }, NOW)).toThrow(/unknown trust boundary TB1/);
  });
});
