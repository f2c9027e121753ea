import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { parseReportFiles } from './report-files.js';
import { runCommand } from './run.js';

describe('--report-file FORMAT=PATH', () => {
  it('takes every output format and the job summary; a path may itself contain "="', () => {
    expect(parseReportFiles(['sarif=out/a.sarif', 'summary=/tmp/step=summary', 'codequality=gl.json'])).toEqual([
      { format: 'sarif', path: 'out/a.sarif' },
      { format: 'summary', path: '/tmp/step=summary' },
      { format: 'codequality', path: 'gl.json' },
    ]);
  });

  it.each([
    ['sarif', /FORMAT=PATH/],
    ['=a.sarif', /FORMAT=PATH/],
    ['sarif=', /FORMAT=PATH/],
    ['pdf=report.pdf', /unknown format "pdf"/],
  ])('refuses "%s" as a usage error', (spec, message) => {
    expect(() => parseReportFiles([spec])).toThrow(UsageError);
    expect(() => parseReportFiles([spec])).toThrow(message);
  });

  it('is checked by run before anything else (no platform contacted, nothing checked)', async () => {
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, color: false };
    const error = await runCommand(
      { output: 'json', projectRoot: '.', testTimeoutSeconds: 1, all: true, dryRun: false, filter: 'all', oidcAudience: 'assay', waitSeconds: 1, env: {}, tier2: { require: false }, tier2Env: {}, reportFiles: ['html=x'] },
      io,
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/unknown format "html"/);
  });
});
