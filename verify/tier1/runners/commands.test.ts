import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext, SafeFile } from '../check.js';
import { createCheckContext } from '../context.js';
import { SAMPLE_PROJECT } from '../testing.js';
import { planRun } from './commands.js';
import type { RunnerName } from './detect.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = await createCheckContext({ root: SAMPLE_PROJECT, tests: false });
});
afterAll(() => ctx.parsed.dispose());

const file = (path: string): SafeFile => ({ path, absPath: `/x/${path}`, text: '', sha256: '0'.repeat(64) });
const paths = { outputFile: '/tmp/report', scratchDir: '/tmp/scratch' };

describe('planRun', () => {
  it.each<RunnerName>(['vitest', 'jest', 'mocha', 'node:test'])('%s: a hostile name stays inside a fixed option, files stay ./-prefixed', async (runner) => {
    const planned = await planRun(ctx, runner, [file('-rf.test.js')], '--config=/evil (x)');
    if (!planned.ok) throw new Error(planned.reason);
    const args = planned.plan.request.args(paths);
    expect(args).not.toContain('--config=/evil (x)');
    const carrying = args.filter((a) => a.includes('evil'));
    expect(carrying).toHaveLength(1);
    expect(carrying[0]).toMatch(/^--(testNamePattern|grep|test-name-pattern)=--config=\\\/evil \\\(x\\\)$/);
    expect(args).toContain('./-rf.test.js');
  });

  it('pytest takes only identifier names', async () => {
    expect((await planRun(ctx, 'pytest', [file('tests/test_report.py')], 'not valid')).ok).toBe(false);
    const planned = await planRun(ctx, 'pytest', [file('tests/test_report.py')], 'test_render');
    expect(planned.ok && planned.plan.request.args(paths)).toEqual(['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '--junitxml=/tmp/report', '-k', 'test_render', '--', './tests/test_report.py']);
  });

  it('go test runs the packages of the files from their module, offline', async () => {
    const planned = await planRun(ctx, 'go test', [file('services/ledger/ledger_test.go')], undefined);
    if (!planned.ok) throw new Error(planned.reason);
    expect(planned.plan.request.cwd).toBe('services/ledger');
    expect(planned.plan.request.args(paths)).toEqual(['test', '-json', '-count=1', '.']);
    expect(planned.plan.request.env?.(paths)).toMatchObject({ GOPROXY: 'off' });
  });

  it('cargo test selects integration targets and builds outside the project', async () => {
    const planned = await planRun(ctx, 'cargo test', [file('crates/checksum/tests/known_vector.rs')], 'wikipedia');
    if (!planned.ok) throw new Error(planned.reason);
    expect(planned.plan.request.args(paths)).toEqual(['test', '--offline', '--color=never', '--test=known_vector', '--', 'wikipedia']);
    expect(planned.plan.request.env?.(paths)).toEqual({ CARGO_TARGET_DIR: '/tmp/scratch' });
  });
});
