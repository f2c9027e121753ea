import type { Program } from '../process.js';
import { parseJestLikeJson, parseMochaJson, parseNodeTap, type TestCounts } from './reports.js';

/** How one JavaScript runner is invoked: every flag is fixed here, params only fill values. */
export interface JsRunner {
  program: Program;
  fixed: readonly string[];
  /** Where the runner writes its machine-readable report. */
  report(outputFile: string): string[];
  /** The test-name filter, given an already-escaped regex. */
  nameFilter(pattern: string): string;
  files(paths: readonly string[]): string[];
  /** `selected`: absolute paths of the files asked for; tests of other files are not counted. */
  parse(report: string | undefined, rootReal: string, selected: readonly string[]): TestCounts | undefined;
}

/** Files after `--`, for runners that honour it. */
export const afterDashes = (paths: readonly string[]) => (paths.length > 0 ? ['--', ...paths] : []);

export const JS_RUNNERS = {
  vitest: {
    program: { kind: 'node-package', name: 'vitest', entry: 'vitest.mjs' },
    fixed: ['run', '--reporter=json', '--color=false'],
    report: (out) => [`--outputFile=${out}`],
    nameFilter: (pattern) => `--testNamePattern=${pattern}`,
    // vitest ignores files after `--`; their `./` prefix already keeps them from reading as options.
    files: (paths) => [...paths],
    parse: parseJestLikeJson,
  },
  jest: {
    program: { kind: 'node-package', name: 'jest', entry: 'bin/jest.js' },
    fixed: ['--ci', '--json', '--colors=false'],
    report: (out) => [`--outputFile=${out}`],
    nameFilter: (pattern) => `--testNamePattern=${pattern}`,
    files: (paths) => (paths.length > 0 ? ['--runTestsByPath', ...paths] : []),
    parse: parseJestLikeJson,
  },
  mocha: {
    program: { kind: 'node-package', name: 'mocha', entry: 'bin/mocha.js' },
    fixed: ['--reporter=json', '--no-color'],
    report: (out) => [`--reporter-option=output=${out}`],
    nameFilter: (pattern) => `--grep=${pattern}`,
    files: (paths) => [...paths],
    parse: parseMochaJson,
  },
  'node:test': {
    program: { kind: 'node' },
    fixed: ['--test', '--test-reporter=tap'],
    report: (out) => [`--test-reporter-destination=${out}`],
    nameFilter: (pattern) => `--test-name-pattern=${pattern}`,
    files: afterDashes,
    parse: parseNodeTap,
  },
} satisfies Record<string, JsRunner>;
