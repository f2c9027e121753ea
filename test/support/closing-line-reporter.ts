import type { Reporter, TestModule } from 'vitest/node';

// CI reads a runner's closing line to tell a run that tested something from one that
// did not; vitest's own summary is coloured and shaped its own way, so end with the
// plain `N passed, N failed, N skipped` line that any reader understands.
// A file that failed to load has no tests to count; it counts as one failure.
export function closingLine(testModules: ReadonlyArray<TestModule>, unhandledErrors: number): string {
  let passed = 0;
  let failed = unhandledErrors;
  let skipped = 0;
  for (const testModule of testModules) {
    let tests = 0;
    for (const test of testModule.children.allTests()) {
      tests++;
      const state = test.result().state;
      if (state === 'passed') passed++;
      else if (state === 'failed') failed++;
      else skipped++;
    }
    if (tests === 0 && testModule.state() === 'failed') failed++;
  }
  return `tests: ${passed} passed, ${failed} failed, ${skipped} skipped`;
}

export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    process.stdout.write(`\n${closingLine(testModules, unhandledErrors.length)}\n`);
  }
}
