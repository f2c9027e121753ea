import { z } from 'zod';
import { defineParams, globs, text } from './define.js';

// SPEC §4 rows 20–21: the project's own tests.

export const testExists = defineParams(
  'test_exists',
  { files: text('Glob of test files, e.g. "tests/**/*.test.ts".'), name: text('Substring of the test name, or an RE2 pattern written /…/.').optional() },
  { summary: 'a test case matching name in the glob', paths: { files: 'glob' } },
);

export const testPasses = defineParams(
  'test_passes',
  {
    files: globs('Glob or list of globs of the test files to run.').optional(),
    // A test-name filter: passed as the value of a fixed option, so it may not look like one.
    name: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^-\s][^\p{Cc}]*$/u, 'must not start with "-" or whitespace, nor contain control characters')
      .describe('Test-name filter passed to the runner.')
      .optional(),
  },
  {
    summary: "the project's own test runner exits 0 with at least one test run",
    paths: { files: 'glob' },
    anyOf: [['files', 'name']],
    refine: (s) => s.refine((p) => p.files !== undefined || p.name !== undefined, { message: 'give "files", "name", or both' }),
  },
);
