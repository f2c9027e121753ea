import { describe, expect, it } from 'vitest';
import { workflowIds } from '../temporal.config.js';
import { parseOperationId, runOperationId } from './operation-id.js';

describe('operation ids', () => {
  it('round-trips a verification run', () => {
    const runId = 'ab'.repeat(32);
    expect(parseOperationId(runOperationId('M12', runId))).toEqual({ kind: 'run', modelId: 'M12', runId });
  });

  it('recognises the generation and refinement workflow ids', () => {
    for (const id of [workflowIds.generateThreatModel('default', 'M3'), workflowIds.refineThreatModel('acme', 'M3', 2)]) {
      expect(parseOperationId(id)).toEqual({ kind: 'workflow', workflowId: id });
    }
  });

  it('refuses anything else, including other workflows', () => {
    for (const id of ['', 'run:M1:', 'run:X1:abc', 'run:M1:a:b', workflowIds.modelAssurance('default', 'M1'), workflowIds.findingLifecycle('default', 'M1', 'F1'), 'generate-threat-model/default/M1/extra/x']) {
      expect(parseOperationId(id)).toBeNull();
    }
  });
});
