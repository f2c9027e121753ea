import type { SourceFile } from 'ts-morph';
import type { Tree } from 'web-tree-sitter';
import type { z } from 'zod';
import type { ProcessRunner } from './process.js';

/** Where a verdict came from: enough for an auditor to re-check, never the source itself. */
export interface Evidence {
  /** Project-relative, POSIX separators. */
  path: string;
  sha256: string;
  startLine: number;
  endLine: number;
}

export type Verdict = 'pass' | 'fail';

export interface CheckOutcome {
  verdict: Verdict;
  /** One or two sentences a person understands: what was found, or why it failed. */
  details: string;
  evidence: Evidence[];
  /**
   * Spans a semantic review needs to judge the evidence, beyond the evidence itself: the body of
   * the function a call, validation or handler sits in. Not attested; Tier 2 reads them.
   */
  context?: Evidence[];
}

/** A file that passed every safety rule (inside the root, under the size cap, not binary). */
export interface SafeFile {
  /** Project-relative, POSIX separators. */
  path: string;
  /** Real path after resolving symlinks; guaranteed inside the project root. */
  absPath: string;
  text: string;
  sha256: string;
}

export type ReadResult = { ok: true; file: SafeFile } | { ok: false; reason: string };

/** Parsed forms of a file, built once per run and shared by every assertion that needs them. */
export interface ParseCache {
  /** Language of a path by extension, or undefined when no parser handles it. */
  languageOf(path: string): SourceLanguage | undefined;
  /** TypeScript/JavaScript through ts-morph: one in-memory project per run, no type-checker. */
  typescript(path: string): Promise<TypeScriptParse>;
  /** Python, Go and Java through tree-sitter. */
  tree(path: string): Promise<TreeParse>;
  /** Drops every parse of the run; tree-sitter trees live in WASM memory and are deleted here. */
  dispose(): void;
}

export type SourceLanguage = 'typescript' | 'javascript' | 'python' | 'go' | 'java';
export type TreeLanguage = Extract<SourceLanguage, 'python' | 'go' | 'java'>;

/** A region the parser could not make sense of (1-based lines). */
export interface SyntaxErrorRegion {
  startLine: number;
  endLine: number;
  message: string;
}

/** A parse always yields a tree; `syntaxErrors` lists where it had to recover. */
export type TypeScriptParse =
  | { ok: true; sourceFile: SourceFile; file: SafeFile; syntaxErrors: SyntaxErrorRegion[] }
  | { ok: false; reason: string };

export type TreeParse =
  | { ok: true; tree: Tree; language: TreeLanguage; file: SafeFile; syntaxErrors: SyntaxErrorRegion[] }
  | { ok: false; reason: string };

/** Everything a check may touch. Checks never use `fs` or `child_process` directly. */
export interface CheckContext {
  root: string;
  /** Confined, size-capped, binary-refusing, cached read of one project-relative path. */
  read(path: string): Promise<ReadResult>;
  /** Project-relative files matching a glob, confined to the root, sorted. */
  glob(pattern: string): Promise<{ ok: true; paths: string[] } | { ok: false; reason: string }>;
  parsed: ParseCache;
  /** Present only when running the project's tests is allowed (test_passes fails closed without it). */
  exec?: ProcessRunner;
}

/** One assertion type: its parameter schema (from domain/assertion-params, never its own) and its check. */
export interface AssertionTypeDefinition<P extends z.ZodType = z.ZodType> {
  type: string;
  params: P;
  check(params: z.infer<P>, ctx: CheckContext): Promise<CheckOutcome>;
}
