import { describe, expect, it } from 'vitest';
import { scopeConflict } from './api-key.js';

describe('scopeConflict', () => {
  it('refuses verifier together with agent or admin', () => {
    expect(scopeConflict(['agent', 'verifier'])).toMatch(/agent and verifier/);
    expect(scopeConflict(['verifier', 'admin'])).toMatch(/admin and verifier/);
    expect(scopeConflict(['admin', 'agent', 'verifier'])).toMatch(/and verifier/);
  });

  it('allows every other combination', () => {
    for (const scopes of [['agent'], ['verifier'], ['admin'], ['agent', 'admin'], ['viewer'], ['viewer', 'agent']] as const) expect(scopeConflict(scopes)).toBeNull();
  });
});
