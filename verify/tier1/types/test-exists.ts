import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition, CheckContext, Evidence } from '../check.js';
import type { CodeFile, TestFact } from '../code/facts.js';
import { loadCode } from '../code/load-code.js';
import { evidenceOf, fail, isClean } from '../code/outcome.js';
import { compilePattern, hasMatch } from '../regex.js';

const { params } = ASSERTION_PARAMS.test_exists;

type NameMatcher = { ok: true; test: (name: string) => boolean; label: string } | { ok: false; reason: string };

/** `name` is a case-sensitive substring of the full test name, or an RE2 pattern written `/…/` (flag `i` allowed). */
function nameMatcher(name: string | undefined): NameMatcher {
  if (name === undefined) return { ok: true, test: () => true, label: 'any test case' };
  const regex = /^\/(.+)\/(i?)$/s.exec(name);
  if (!regex) return { ok: true, test: (full) => full.includes(name), label: `a test case whose name contains "${name}"` };
  const compiled = compilePattern(`${regex[2] ? '(?i)' : ''}${regex[1]}`, 'name');
  if (!compiled.ok) return compiled;
  return { ok: true, test: (full) => hasMatch(compiled.re, full), label: `a test case whose name matches ${name}` };
}

interface Scan {
  code: CodeFile;
  runnable: TestFact[];
  skipped: TestFact[];
}

async function scan(ctx: CheckContext, paths: string[], matches: (name: string) => boolean): Promise<{ scans: Scan[]; problems: string[] }> {
  const problems: string[] = [];
  const scans: Scan[] = [];
  const loads = await Promise.all(paths.filter((path) => ctx.parsed.languageOf(path)).map((path) => loadCode(ctx, path)));
  for (const load of loads) {
    if (!load.ok) {
      problems.push(load.reason);
      continue;
    }
    const { code } = load;
    // A test inside a region the parser had to recover cannot be trusted (parse-error policy).
    const tests = code.tests().filter((test) => matches(test.name) && isClean(code, test.span));
    scans.push({ code, runnable: tests.filter((t) => !t.skipped), skipped: tests.filter((t) => t.skipped) });
    if (code.syntaxErrors[0]) problems.push(`${code.file.path} has a syntax error at line ${code.syntaxErrors[0].startLine}`);
  }
  return { scans, problems };
}

/**
 * SPEC §4 row 20. Over the files the glob selects: TS/JS `it`/`test`/`specify` calls (with their
 * `describe` titles, joined by ` > `; a describe counts through the tests in it), Python
 * pytest/unittest test functions (`Class.test_x`), Go `func TestX(t *testing.T)` in `_test.go`
 * files with `t.Run` subtests (`TestX/sub`), Java `@Test`-style methods (`Class.method`, plus
 * the `@DisplayName`). Skipped, todo and conditionally skipped tests do not count.
 */
export const testExists: AssertionTypeDefinition<typeof params> = {
  type: 'test_exists',
  params,
  async check({ files, name }, ctx) {
    const matcher = nameMatcher(name);
    if (!matcher.ok) return fail(matcher.reason);
    const globbed = await ctx.glob(files);
    if (!globbed.ok) return fail(globbed.reason);
    if (globbed.paths.length === 0) return fail(`no file matches ${files}`);
    const { scans, problems } = await scan(ctx, globbed.paths, matcher.test);
    const note = problems.length > 0 ? ` (${problems.slice(0, 3).join('; ')})` : '';
    if (scans.length === 0 && problems.length === 0) {
      return fail(`none of the ${globbed.paths.length} file(s) matching ${files} is TypeScript, JavaScript, Python, Go or Java`);
    }
    const found = scans.filter((s) => s.runnable.length > 0);
    if (found.length === 0) {
      const skipped = scans.flatMap((s) => s.skipped);
      const why = skipped.length > 0 ? `; only skipped tests match (e.g. "${skipped[0]!.name}")` : '';
      return fail(`no runnable ${matcher.label} in ${scans.length} file(s) matching ${files}${why}${note}.`);
    }
    const evidence: Evidence[] = found.flatMap((s) => evidenceOf(s.code.file, s.runnable.map((t) => t.span))).slice(0, 20);
    const total = found.reduce((n, s) => n + s.runnable.length, 0);
    const first = found[0]!;
    return {
      verdict: 'pass',
      details: `${total} ${matcher.label.replace(/^a test case|^any test case/, 'test case(s)')} found in ${found.length} file(s); first "${first.runnable[0]!.name}" at ${first.code.file.path}:${first.runnable[0]!.span.startLine}${note}.`,
      evidence,
    };
  },
};
