import type { Environment, TypedBenchDocument } from './report.js';

export interface PhaseResult {
  wallMs: number;
  /** User + system CPU of the phase's process: less sensitive than wall time to a busy machine. */
  cpuMs: number;
  maxRssMiB: number;
  detail: Record<string, unknown>;
}

export interface VerifyMeasured {
  floor: PhaseResult;
  check: PhaseResult;
  cli: { wallMs: number; exitCode: number; summary: unknown };
}

const TARGET = { ratio: 3, coldMs: 5000 };

export type VerifyDocument = TypedBenchDocument<
  { check: PhaseResult; cli: VerifyMeasured['cli']; targets: { ratioToFloor: number; coldMs: number; met: boolean } },
  { floor: PhaseResult }
>;

export function verifyReport(settings: { assertions: number; types: number; referencedFiles: number; sourceFiles: number }, measured: VerifyMeasured, environment: Environment): VerifyDocument {
  const ratio = { wall: measured.check.wallMs / measured.floor.wallMs, cpu: measured.check.cpuMs / measured.floor.cpuMs };
  return {
    benchmark: 'verify',
    settings: { ...settings },
    figures: {
      check: measured.check,
      cli: measured.cli,
      targets: { ratioToFloor: TARGET.ratio, coldMs: TARGET.coldMs, met: ratio.wall <= TARGET.ratio && measured.cli.wallMs <= TARGET.coldMs },
    },
    baseline: { floor: measured.floor },
    ratio,
    faults: [],
    environment,
  };
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const phase = (p: PhaseResult) => `${s(p.wallMs)} wall, ${s(p.cpuMs)} CPU, peak RSS ${p.maxRssMiB.toFixed(0)} MiB (${JSON.stringify(p.detail)})`;

export function verifyLines(doc: VerifyDocument): string[] {
  const { check, cli, targets } = doc.figures;
  return [
    `assertions: ${doc.settings.assertions} of ${doc.settings.types} types; referenced files: ${doc.settings.referencedFiles} (${doc.settings.sourceFiles} TS/JS)`,
    `machine: ${doc.environment.cores} cores, Node ${doc.environment.node}`,
    `floor (read + ts-morph parse, cold process): ${phase(doc.baseline.floor)}`,
    `check in-process (cold process, incl. imports): ${phase(check)}`,
    `assay-verify check (CLI, exit ${cli.exitCode}): ${s(cli.wallMs)} ${JSON.stringify(cli.summary)}`,
    `ratio check / floor: ${doc.ratio.wall!.toFixed(2)}x wall, ${doc.ratio.cpu!.toFixed(2)}x CPU (target <= ${targets.ratioToFloor}x); ` +
      `cold ${doc.settings.assertions} assertions target <= ${s(targets.coldMs)}: ${targets.met ? 'met' : 'NOT met'}`,
  ];
}
