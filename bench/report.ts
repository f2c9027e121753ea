/**
 * What every `npm run bench:*` prints. Without `--json` the human lines go to stdout; with it
 * they go to stderr and stdout holds exactly one line, the JSON document, so
 * `npm run -s bench:x -- --json | tail -1` is machine-readable whatever the benchmark.
 */
import { availableParallelism, loadavg } from 'node:os';
import { z } from 'zod';

export const BenchDocumentSchema = z.object({
  benchmark: z.string().min(1),
  /** The knobs of this run (runs, concurrency, latency…), so two documents can be compared. */
  settings: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  figures: z.record(z.string(), z.unknown()),
  /** What the same run measured to compare the figures with. */
  baseline: z.record(z.string(), z.unknown()),
  /** Figure ÷ baseline, by name. */
  ratio: z.record(z.string(), z.number()),
  /** Functional faults (never timing noise): any makes the benchmark exit 1. */
  faults: z.array(z.string()),
  environment: z.object({ node: z.string(), cores: z.number(), loadAverage: z.array(z.number()) }),
});
export type BenchDocument = z.infer<typeof BenchDocumentSchema>;
export type Environment = BenchDocument['environment'];

export interface Writers {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface BenchReporter {
  json: boolean;
  /** The arguments without `--json`, for a benchmark that forwards the rest. */
  args: string[];
  /** A human line: stdout, or stderr under `--json`. */
  say: (line: string) => void;
  /** Prints the faults, then the JSON line under `--json`; returns the exit code (1 on a fault). */
  finish: (document: BenchDocument) => number;
}

export function createReporter(argv: readonly string[], writers: Writers): BenchReporter {
  const json = argv.includes('--json');
  const say = (line: string) => (json ? writers.err : writers.out)(`${line}\n`);
  return {
    json,
    args: argv.filter((a) => a !== '--json'),
    say,
    finish(document) {
      const parsed = BenchDocumentSchema.parse(document);
      for (const fault of parsed.faults) say(`FAULT: ${fault}`);
      if (json) writers.out(`${JSON.stringify(parsed)}\n`);
      return parsed.faults.length > 0 ? 1 : 0;
    },
  };
}

/** The reporter of this process. */
export function processReporter(): BenchReporter {
  return createReporter(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
}

/** A benchmark's document with its own figure and baseline types, for its human lines. */
export type TypedBenchDocument<F extends Record<string, unknown>, B extends Record<string, unknown>> = Omit<BenchDocument, 'figures' | 'baseline'> & {
  figures: F;
  baseline: B;
};

export function currentEnvironment(): Environment {
  return { node: process.version, cores: availableParallelism(), loadAverage: loadavg() };
}

export const loadLine = (env: Environment) => `load average while measuring: ${env.loadAverage.map((l) => l.toFixed(1)).join(' ')}`;
