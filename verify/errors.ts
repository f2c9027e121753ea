/** The process should end with this code; the message (if any) was already shown. */
export class ExitError extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'ExitError';
  }
}

/** The command line or an input file is wrong: exit code 2, message on stderr. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The platform could not be reached or refused a request; the message says which and why (exit 2). */
export class PlatformError extends Error {
  override name = 'PlatformError';
}

/** `--project-root` names no directory (exit 2). */
export class ProjectRootError extends Error {
  override name = 'ProjectRootError';
}

export const EXIT_PASS = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;
/** A bug in assay-verify itself, not a verdict. */
export const EXIT_INTERNAL = 3;

/** Maps anything thrown out of a command to an exit code and the line to print, if any (assay-admin's too). */
export function exitCodeFor(error: unknown, tool = 'assay-verify'): { code: number; message?: string } {
  if (error instanceof ExitError) return { code: error.code };
  // What the user can fix (arguments, the platform URL or key, the project root): exit 2, the message alone.
  if (error instanceof UsageError || error instanceof PlatformError || error instanceof ProjectRootError) {
    return { code: EXIT_USAGE, message: `error: ${error.message}` };
  }
  // cac reports unknown options and missing arguments with its own error class.
  if (error instanceof Error && error.name === 'CACError') {
    return { code: EXIT_USAGE, message: `error: ${error.message}` };
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    code: EXIT_INTERNAL,
    message: `internal error: this is a bug in ${tool}, please report it with this output:\n${detail}`,
  };
}
