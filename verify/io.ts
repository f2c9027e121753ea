/** Where a command writes: stdout carries the report, stderr everything else. */
export interface CliIO {
  /** Text, or a document's bytes as the platform sent them (`assay-admin export`). */
  stdout: { write(text: string | Uint8Array): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Colours and progress are for people at a terminal only. */
  color: boolean;
}

/** The one place the process environment decides presentation (NO_COLOR convention). */
export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
}
