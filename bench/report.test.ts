import { describe, expect, it } from 'vitest';
import { type BenchDocument, BenchDocumentSchema, createReporter } from './report.js';

const doc = (faults: string[] = []): BenchDocument => ({
  benchmark: 'demo',
  settings: { runs: 3 },
  figures: { p50Ms: 20 },
  baseline: { p50Ms: 10 },
  ratio: { p50: 2 },
  faults,
  environment: { node: 'v20.0.0', cores: 2, loadAverage: [1, 1, 1] },
});

function capture(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const reporter = createReporter(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { reporter, out, err };
}

describe('bench reporter', () => {
  it('without --json prints the human lines on stdout and no JSON', () => {
    const { reporter, out, err } = capture(['--tier2-model', 'm']);
    expect(reporter.json).toBe(false);
    expect(reporter.args).toEqual(['--tier2-model', 'm']);
    reporter.say('p50 20 ms');
    expect(reporter.finish(doc())).toBe(0);
    expect(out).toEqual(['p50 20 ms\n']);
    expect(err).toEqual([]);
  });

  it('with --json sends the human lines to stderr and stdout holds exactly the document, as its last line', () => {
    const { reporter, out, err } = capture(['--json', '--tier2-model', 'm']);
    expect(reporter.args).toEqual(['--tier2-model', 'm']);
    reporter.say('p50 20 ms');
    expect(reporter.finish(doc())).toBe(0);
    expect(err).toEqual(['p50 20 ms\n']);
    const lines = out.join('').split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    expect(BenchDocumentSchema.parse(JSON.parse(lines[0]!))).toEqual(doc());
  });

  it('exits 1 on a functional fault and says it, still printing the document', () => {
    const { reporter, out, err } = capture(['--json']);
    expect(reporter.finish(doc(['plumbing broke']))).toBe(1);
    expect(err).toEqual(['FAULT: plumbing broke\n']);
    expect(JSON.parse(out.join('')).faults).toEqual(['plumbing broke']);
  });

  it('refuses a document without its baseline or ratio', () => {
    const { reporter, out } = capture(['--json']);
    const { baseline: _b, ...partial } = doc();
    expect(() => reporter.finish(partial as BenchDocument)).toThrow();
    expect(out).toEqual([]);
  });
});
