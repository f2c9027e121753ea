import { describe, expect, it } from 'vitest';
import type { Finding } from '../schemas/finding.js';
import type { ModelContent } from '../schemas/threat-model.js';
import { adfToText } from './adf.js';
import { ACKNOWLEDGE_ACTION, eventMessage, findingsBlocks, modelReadyComment, objectivesByTier, postureBlocks } from './messages.js';

const content = {
  title: 'Uploads',
  description: 'Uploads to S3',
  assets: [{ id: 'A1', name: 'Files', description: '', properties: ['C'], impact: 'H', status: 'unverified' }],
  attackers: [],
  trustBoundaries: [],
  objectives: [
    { id: 'CO1', assetId: 'A1', attackerId: 'T1', properties: ['C'], statement: 's', riskTier: 'critical' },
    { id: 'CO2', assetId: 'A1', attackerId: 'T2', properties: ['C'], statement: 's', riskTier: 'high' },
    { id: 'CO3', assetId: 'A1', attackerId: 'T3', properties: ['C'], statement: 's', riskTier: 'high', deletedAt: '2026-01-01T00:00:00.000Z' },
  ],
  controls: [{ id: 'C1', name: 'Pre-signed URLs expire', description: '', objectiveIds: ['CO1'], mitigationGroups: {}, verificationCriteria: ['x'], status: 'not_implemented' }],
  assumptions: [],
} as ModelContent;

const finding = (status: Finding['status']): Finding => ({
  workspaceId: 'w', modelId: 'M1', id: 'F1', controlId: 'C1', title: 'Drift', description: '', source: 'verification', status,
  assertionIds: [], createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', history: [],
});

describe('messages to Jira and Slack', () => {
  it('counts live objectives per tier and summarises the model for the Jira comment', () => {
    expect(objectivesByTier(content)).toEqual({ critical: 1, high: 1, medium: 0, low: 0 });
    const text = adfToText(modelReadyComment({ modelId: 'M1', version: 1, content, dashboardUrl: 'https://a.example/models/M1' }));
    expect(text).toContain('Assets (1)\n- A1 Files (impact H)');
    expect(text).toContain('Control objectives (2)\n- critical: 1\n- high: 1');
    expect(text).toContain('Controls (1)\n- C1 Pre-signed URLs expire');
    expect(adfToText(modelReadyComment({ modelId: 'M1', version: 1, content, dashboardUrl: 'u', proposalId: 'P1' }))).toContain('proposed a refinement');
  });

  it('offers an acknowledge button only on discovered findings', () => {
    const blocks = findingsBlocks('M1', [finding('discovered'), { ...finding('acknowledged'), id: 'F2' }, { ...finding('verified'), id: 'F3' }]).blocks;
    expect(blocks).toHaveLength(3);
    expect(blocks[1]).toMatchObject({ accessory: { action_id: ACKNOWLEDGE_ACTION, value: 'M1/F1' } });
    expect(blocks[2]).not.toHaveProperty('accessory');
  });

  it('answers posture with its summary, or says there is none yet', () => {
    expect(postureBlocks('M1', null).text).toContain('no posture yet');
    const summary = { total: 2, mitigated: 1, at_risk: 1, unassessed: 0 };
    const posture = { evaluatedAt: '2026-01-01T00:00:00.000Z', summary: { overall: summary, byTier: { high: summary } } } as never;
    expect(postureBlocks('M1', posture).blocks[1]).toMatchObject({ text: { text: expect.stringContaining('*high*: 1 mitigated, 1 at risk') } });
  });

  it('posts drift, new findings and rejected runs; other events are not for the channel', () => {
    const base = { id: 'e', time: '2026-01-01T00:00:00.000Z', workspaceId: 'w' };
    expect(eventMessage({ ...base, type: 'drift', data: { modelId: 'M1', commit: 'a'.repeat(40), events: [{ kind: 'drift', level: 'control', subjectId: 'C1' }], atRisk: 1, mitigated: 0 } })!.text).toMatch(/1 drift, 0 recovery/);
    expect(eventMessage({ ...base, type: 'finding.opened', data: { finding: finding('discovered') } })!.blocks).toHaveLength(2);
    expect(eventMessage({ ...base, type: 'run.rejected', data: { modelId: 'M1', runId: 'r1', reason: 'bad signature' } })!.text).toContain('bad signature');
    expect(eventMessage({ ...base, type: 'posture.changed', data: {} })).toBeNull();
  });
});
