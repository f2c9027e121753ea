import { describe, expect, it } from 'vitest';
import { EXIT_INTERNAL, EXIT_USAGE, exitCodeFor, PlatformError, ProjectRootError, UsageError } from './errors.js';

describe('exitCodeFor', () => {
  it('maps what the user can fix to exit 2 with the message alone, whichever command threw it', () => {
    for (const error of [new UsageError('bad flag'), new PlatformError('GET /api/ci/models answered 401: bad key'), new ProjectRootError('project root /nope does not exist')]) {
      expect(exitCodeFor(error)).toEqual({ code: EXIT_USAGE, message: `error: ${error.message}` });
    }
  });

  it('calls anything else a bug in assay-verify (exit 3)', () => {
    const mapped = exitCodeFor(new TypeError('x is undefined'));
    expect(mapped.code).toBe(EXIT_INTERNAL);
    expect(mapped.message).toMatch(/^internal error: this is a bug in assay-verify/);
  });
});
