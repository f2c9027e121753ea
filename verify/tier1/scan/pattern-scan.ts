import type { RE2 } from 're2-wasm';
import type { z } from 'zod';
import type { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { CheckContext, SafeFile } from '../check.js';
import { compilePattern, findMatches, type Match } from '../regex.js';
import { codeOnlyText } from './code-mask.js';
import { maskPythonNonCode } from './python-code-mask.js';
import { maskTypeScriptNonCode } from './ts-code-mask.js';
import { scopeRegions, type Region } from './scope.js';
import { readAll, resolveTargets } from './targets.js';

/** SPEC §4 rows 12 and 13 share their parameters. */
export type PatternParams = z.infer<typeof ASSERTION_PARAMS.pattern_matches.params>;

export interface FileScan {
  file: SafeFile;
  regions: Region[];
  matches: Match[];
}

export type PatternScan =
  | { ok: true; label: string; scans: FileScan[] }
  | { ok: false; reason: string };

const MATCHES_PER_FILE = 20;

/** Code without comments and literals: the shared TS/JS or Python parse where there is one, else the lexer. */
async function codeOnly(ctx: CheckContext, file: SafeFile): Promise<string | undefined> {
  const language = ctx.parsed.languageOf(file.path);
  if (language === 'typescript' || language === 'javascript') {
    const parse = await ctx.parsed.typescript(file.path);
    if (parse.ok) return maskTypeScriptNonCode(parse.sourceFile.compilerNode);
  }
  if (language === 'python') {
    const parse = await ctx.parsed.tree(file.path);
    if (parse.ok) return maskPythonNonCode(parse.tree, file.text);
  }
  return codeOnlyText(file);
}

/** Reads the targets and finds the pattern inside their scoped regions. */
export async function scanPattern(ctx: CheckContext, params: PatternParams): Promise<PatternScan> {
  const pattern = compilePattern(params.pattern, 'pattern');
  if (!pattern.ok) return pattern;
  const start = optionalPattern(params.scope_start, 'scope_start');
  if (!start.ok) return start;
  const end = optionalPattern(params.scope_end, 'scope_end');
  if (!end.ok) return end;

  const targets = await resolveTargets(ctx, params);
  if (!targets.ok) return targets;
  const read = await readAll(ctx, targets.paths);
  if (!read.ok) return read;

  const scans: FileScan[] = [];
  for (const file of read.files) {
    const text = params.code_only ? await codeOnly(ctx, file) : file.text;
    if (text === undefined) {
      return { ok: false, reason: `code_only cannot be honoured for ${file.path}: no lexer for its language` };
    }
    const regions = scopeRegions(file, start.re, end.re);
    if (!regions.ok) return regions;
    const matches = regions.regions.flatMap((region) => matchesIn(pattern.re, text, region));
    scans.push({ file, regions: regions.regions, matches });
  }
  return { ok: true, label: targets.label, scans };
}

function optionalPattern(source: string | undefined, label: string): { ok: true; re: RE2 | undefined } | { ok: false; reason: string } {
  if (source === undefined) return { ok: true, re: undefined };
  return compilePattern(source, label);
}

function matchesIn(re: RE2, text: string, region: Region): Match[] {
  const slice = region.start === 0 && region.end === text.length ? text : text.slice(region.start, region.end);
  return findMatches(re, slice, MATCHES_PER_FILE).map((m) => ({ start: m.start + region.start, end: m.end + region.start }));
}

/** "the scoped region" / "the scoped regions" wording for details. */
export function scopeWording(params: PatternParams): string {
  const scoped = params.scope_start !== undefined || params.scope_end !== undefined;
  return `${scoped ? 'the scoped region of ' : ''}${params.code_only ? 'code (comments and strings ignored) in ' : ''}`;
}
