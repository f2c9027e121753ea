/** Which executable a test runner needs. Never a string from assertion params. */
export type Program =
  /** The Node binary running assay-verify (node:test). */
  | { kind: 'node' }
  /** A script inside an npm package, found the way Node resolves packages from the project root. */
  | { kind: 'node-package'; name: 'vitest' | 'jest' | 'mocha'; entry: string }
  /** A toolchain looked up on PATH. */
  | { kind: 'system'; name: 'python3' | 'go' | 'cargo' };

/** Fresh paths outside the project, deleted after the run. */
export interface ScratchPaths {
  /** Where the runner should write its report. */
  outputFile: string;
  /** For build output the runner would otherwise write into the project. */
  scratchDir: string;
}

export interface ExecRequest {
  program: Program;
  /** The fixed argument list. */
  args(paths: ScratchPaths): readonly string[];
  /** Project-relative working directory ('.' for the root). */
  cwd: string;
  /** Extra environment, e.g. to keep a toolchain offline. */
  env?(paths: ScratchPaths): Readonly<Record<string, string>>;
}

export type ExecResult =
  | { ok: false; reason: string }
  | {
      ok: true;
      exitCode: number | null;
      signal: string | null;
      timedOut: boolean;
      stdout: string;
      stderr: string;
      /** What the runner wrote to `outputFile`, if anything. */
      outputFile: string | undefined;
    };

/** Runs allow-listed programs without a shell, in their own process group, under a timeout. */
export interface ProcessRunner {
  readonly timeoutMs: number;
  run(request: ExecRequest): Promise<ExecResult>;
}
