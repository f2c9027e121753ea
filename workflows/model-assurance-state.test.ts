import { describe, expect, it } from 'vitest';
import { ModelAssuranceState } from './model-assurance-state.js';

describe('ModelAssuranceState run statuses', () => {
  it('answers a replay as `duplicate` of the run it repeats, the word the stored record holds', () => {
    const state = new ModelAssuranceState();
    state.enqueue('r2');
    expect(state.runStatus('r2')).toEqual({ status: 'pending' });
    state.record({ status: 'duplicate', runId: 'r2', of: 'r1' });
    expect(state.runStatus('r2')).toEqual({ status: 'duplicate', of: 'r1' });
  });

  it('leaves a re-signalled run decided long ago to its stored record instead of calling it a duplicate of itself', () => {
    const state = new ModelAssuranceState();
    state.enqueue('r1');
    state.record({ status: 'duplicate', runId: 'r1', of: 'r1' });
    expect(state.runStatus('r1')).toEqual({ status: 'unknown' });
  });
});
