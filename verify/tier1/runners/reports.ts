/** What a runner's own report says: tests that ran (passed or failed) and failures. */
export interface TestCounts {
  executed: number;
  failed: number;
  /** Test files the runner ran although they were not selected (their tests are not counted). */
  unexpected?: string[];
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

interface JestLikeFile {
  name?: unknown;
  assertionResults?: Array<{ status?: unknown }>;
}

/**
 * vitest and jest `--json` reports share these fields. With `selected` (absolute paths), only
 * those files' tests count: vitest reads file arguments as substring filters, so `a.test.ts`
 * also runs `aa.test.ts`, and another file's passing test must not vouch for the selected one.
 */
export function parseJestLikeJson(report: string | undefined, _rootReal?: string, selected?: readonly string[]): TestCounts | undefined {
  try {
    const json = JSON.parse(report ?? '') as Record<string, unknown>;
    if (selected && selected.length > 0 && Array.isArray(json.testResults)) {
      const wanted = new Set(selected);
      let executed = 0;
      let failed = 0;
      const unexpected: string[] = [];
      for (const file of json.testResults as JestLikeFile[]) {
        const statuses = (file.assertionResults ?? []).map((a) => a.status);
        if (!wanted.has(String(file.name))) {
          if (statuses.length > 0) unexpected.push(String(file.name));
          continue;
        }
        executed += statuses.filter((st) => st === 'passed' || st === 'failed').length;
        failed += statuses.filter((st) => st === 'failed').length;
      }
      return { executed, failed, ...(unexpected.length ? { unexpected } : {}) };
    }
    const passed = num(json.numPassedTests);
    const failed = num(json.numFailedTests);
    return passed === undefined || failed === undefined ? undefined : { executed: passed + failed, failed };
  } catch {
    return undefined;
  }
}

export function parseMochaJson(report: string | undefined): TestCounts | undefined {
  try {
    const stats = (JSON.parse(report ?? '') as { stats?: Record<string, unknown> }).stats ?? {};
    const passes = num(stats.passes);
    const failures = num(stats.failures);
    return passes === undefined || failures === undefined ? undefined : { executed: passes + failures, failed: failures };
  } catch {
    return undefined;
  }
}

/**
 * node:test TAP. The summary is the last block, so output printed by tests cannot
 * forge it. Node 20 reports a file with no tests as one passing test named by the
 * file's absolute path: those synthetic entries are not executed tests.
 */
export function parseNodeTap(report: string | undefined, rootReal: string): TestCounts | undefined {
  if (!report) return undefined;
  const last = (key: string) => {
    const all = [...report.matchAll(new RegExp(`^# ${key} (\\d+)$`, 'gm'))];
    const hit = all[all.length - 1];
    return hit ? Number(hit[1]) : undefined;
  };
  const pass = last('pass');
  const fail = last('fail');
  if (pass === undefined || fail === undefined) return undefined;
  const synthetic = [...report.matchAll(/^ok \d+ - (.*)$/gm)].filter((m) => (m[1] ?? '').startsWith(`${rootReal}/`)).length;
  return { executed: Math.max(0, pass - synthetic) + fail, failed: fail };
}

/** pytest `--junitxml`: sum over `<testsuite>` elements. */
export function parseJunitXml(report: string | undefined): TestCounts | undefined {
  if (!report) return undefined;
  const suites = [...report.matchAll(/<testsuite\b([^>]*)>/g)];
  if (suites.length === 0) return undefined;
  let executed = 0;
  let failed = 0;
  for (const [, attrs = ''] of suites) {
    const attr = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(attrs)?.[1] ?? 0);
    executed += attr('tests') - attr('skipped');
    failed += attr('failures') + attr('errors');
  }
  return { executed, failed };
}

/** `go test -json`: one event per line; a test ran when it ended in pass or fail. */
export function parseGoTestJson(stdout: string): TestCounts | undefined {
  let executed = 0;
  let failed = 0;
  let events = 0;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const event = JSON.parse(line) as { Action?: string; Test?: string };
      events++;
      if (!event.Test) continue;
      if (event.Action === 'pass') executed++;
      if (event.Action === 'fail') {
        executed++;
        failed++;
      }
    } catch {
      // Not an event line.
    }
  }
  return events > 0 ? { executed, failed } : undefined;
}

/** `cargo test`: one `test result:` line per test binary. */
export function parseCargoSummary(stdout: string): TestCounts | undefined {
  const results = [...stdout.matchAll(/^test result: \w+\. (\d+) passed; (\d+) failed;/gm)];
  if (results.length === 0) return undefined;
  return results.reduce((acc, [, p, f]) => ({ executed: acc.executed + Number(p) + Number(f), failed: acc.failed + Number(f) }), { executed: 0, failed: 0 });
}
