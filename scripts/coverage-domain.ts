// Runs the domain unit tests with V8 coverage and enforces ≥ 95 % branch coverage on the files
// that decide posture, drift, sufficiency and findings. Usage: `npm run coverage:domain`.
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { startVitest } from 'vitest/node';

const ROOT = resolve(import.meta.dirname, '..');
const REPORT_DIR = resolve(ROOT, 'coverage/domain');
const MIN_BRANCHES = 95;

/** The files whose branch coverage the acceptance criteria name (posture, drift, sufficiency, findings). */
const GATED = [
  'domain/posture.ts',
  'domain/posture-controls.ts',
  'domain/posture-reasons.ts',
  'domain/posture-summary.ts',
  'domain/assumption-status.ts',
  'domain/verification-level.ts',
  'domain/assertion-outcome.ts',
  'domain/drift.ts',
  'domain/sufficiency.ts',
  'domain/sufficiency-review.ts',
  'domain/control-outcome.ts',
  'domain/finding-transitions.ts',
];

interface Metric {
  total: number;
  covered: number;
  pct: number;
}
type Summary = Record<string, { lines: Metric; branches: Metric; functions: Metric; statements: Metric }>;

const vitest = await startVitest('test', ['domain/'], {
  project: ['unit'],
  run: true,
  watch: false,
  coverage: {
    enabled: true,
    provider: 'v8',
    include: ['domain/**/*.ts'],
    exclude: ['domain/**/*.test.ts', 'domain/test-support/**', 'domain/index.ts'],
    reporter: ['json-summary'],
    reportsDirectory: REPORT_DIR,
  },
});
await vitest.close();
const testsFailed = process.exitCode !== undefined && process.exitCode !== 0;

const summary = JSON.parse(await readFile(resolve(REPORT_DIR, 'coverage-summary.json'), 'utf8')) as Summary;
const rows = Object.entries(summary)
  .filter(([file]) => file !== 'total')
  .map(([file, m]) => ({ file: relative(ROOT, file), branches: m.branches, lines: m.lines }))
  .sort((a, b) => a.file.localeCompare(b.file));

const pct = (m: Metric) => (m.total === 0 ? 100 : m.pct);
const failing: string[] = [];
console.log(`\n${'file'.padEnd(36)} ${'branches'.padStart(16)} ${'lines'.padStart(9)}  gate`);
for (const row of rows) {
  const gated = GATED.includes(row.file);
  const ok = !gated || pct(row.branches) >= MIN_BRANCHES;
  if (!ok) failing.push(row.file);
  const branches = `${pct(row.branches).toFixed(2)}% (${row.branches.covered}/${row.branches.total})`;
  console.log(`${row.file.padEnd(36)} ${branches.padStart(16)} ${`${pct(row.lines).toFixed(2)}%`.padStart(9)}  ${gated ? (ok ? 'ok' : 'FAIL') : '-'}`);
}
const gatedRows = rows.filter((r) => GATED.includes(r.file));
const covered = gatedRows.reduce((n, r) => n + r.branches.covered, 0);
const total = gatedRows.reduce((n, r) => n + r.branches.total, 0);
console.log(`\ngated files: ${((100 * covered) / total).toFixed(2)}% branches (${covered}/${total}), minimum ${MIN_BRANCHES}% per file`);
const missing = GATED.filter((f) => !rows.some((r) => r.file === f));
if (missing.length > 0) console.error(`no coverage recorded for: ${missing.join(', ')}`);
if (failing.length > 0) console.error(`below ${MIN_BRANCHES}% branches: ${failing.join(', ')}`);
process.exitCode = testsFailed || failing.length > 0 || missing.length > 0 ? 1 : 0;
