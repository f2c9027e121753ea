import { describe, expect, it } from 'vitest';
import { parseCargoSummary, parseGoTestJson, parseJestLikeJson, parseJunitXml, parseMochaJson, parseNodeTap } from './reports.js';

describe('runner reports', () => {
  it('jest/vitest JSON: executed = passed + failed (skipped tests do not count)', () => {
    expect(parseJestLikeJson(JSON.stringify({ numPassedTests: 3, numFailedTests: 1, numPendingTests: 5 }))).toEqual({ executed: 4, failed: 1 });
    expect(parseJestLikeJson('not json')).toBeUndefined();
    expect(parseJestLikeJson(undefined)).toBeUndefined();
  });

  it('mocha JSON stats', () => {
    expect(parseMochaJson(JSON.stringify({ stats: { tests: 3, passes: 2, failures: 0, pending: 1 } }))).toEqual({ executed: 2, failed: 0 });
  });

  it('node:test TAP: the last summary counts, synthetic file entries do not', () => {
    const tap = ['TAP version 13', '# pass 99', 'ok 1 - /repo/a.test.mjs', 'ok 2 - real test', '1..2', '# tests 2', '# pass 2', '# fail 0'].join('\n');
    expect(parseNodeTap(tap, '/repo')).toEqual({ executed: 1, failed: 0 });
    expect(parseNodeTap('no summary', '/repo')).toBeUndefined();
  });

  it('pytest JUnit XML sums every testsuite', () => {
    const xml = '<testsuites><testsuite name="a" tests="3" errors="0" failures="1" skipped="1"></testsuite><testsuite name="b" tests="2" errors="1" failures="0" skipped="0"/></testsuites>';
    expect(parseJunitXml(xml)).toEqual({ executed: 4, failed: 2 });
  });

  it('go test -json counts test-level pass and fail events only', () => {
    const events = [
      { Action: 'run', Test: 'TestA' },
      { Action: 'pass', Test: 'TestA' },
      { Action: 'fail', Test: 'TestB' },
      { Action: 'pass' },
    ].map((e) => JSON.stringify(e));
    expect(parseGoTestJson(['garbage', ...events].join('\n'))).toEqual({ executed: 2, failed: 1 });
    expect(parseGoTestJson('no events')).toBeUndefined();
  });

  it('cargo test sums one result line per test binary', () => {
    const out = 'test result: ok. 2 passed; 0 failed; 1 ignored;\nrunning 1 test\ntest result: FAILED. 0 passed; 1 failed; 0 ignored;';
    expect(parseCargoSummary(out)).toEqual({ executed: 3, failed: 1 });
  });
});
