import type { TestModule } from 'vitest/node';
import { describe, expect, it } from 'vitest';
import { closingLine } from './closing-line-reporter.js';

// Just the shape closingLine reads of vitest's TestModule: its tests' states, and its own.
function testModule(states: Array<'passed' | 'failed' | 'skipped' | 'pending'>, moduleState = 'passed'): TestModule {
  return {
    children: { *allTests() { for (const state of states) yield { result: () => ({ state }) }; } },
    state: () => moduleState,
  } as unknown as TestModule;
}

describe('closingLine', () => {
  it('counts every test by its state, in the plain line CI reads', () => {
    expect(closingLine([testModule(['passed', 'passed', 'skipped']), testModule(['failed', 'passed', 'pending'])], 0)).toBe('tests: 3 passed, 1 failed, 2 skipped');
  });

  it('counts a file that failed to load, and an unhandled error, as failures', () => {
    expect(closingLine([testModule([], 'failed'), testModule(['passed'])], 1)).toBe('tests: 1 passed, 2 failed, 0 skipped');
  });
});
