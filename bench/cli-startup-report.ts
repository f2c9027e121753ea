import type { Environment, TypedBenchDocument } from './report.js';
import { percentile } from './stats.js';

export const CLI_TARGET_MS = { version: 150, check: 600 } as const;
export type CliCase = keyof typeof CLI_TARGET_MS;

export interface Sample {
  wallMs: number;
  /** User + system CPU of the started process, all threads. */
  cpuMs: number;
}

export interface StartSummary {
  p50Ms: number;
  minMs: number;
  cpuP50Ms: number;
}

export function summarise(samples: readonly Sample[]): StartSummary {
  const wall = samples.map((s) => s.wallMs);
  return { p50Ms: percentile(wall, 50), minMs: Math.min(...wall), cpuP50Ms: percentile(samples.map((s) => s.cpuMs), 50) };
}

type Packaged = Record<CliCase, StartSummary & { targetMs: number; metTarget: boolean }>;
/** The packaged start with its compile cache warm; the same build with the cache off; the tsx start of the checkout. */
export type CliVariant = 'packaged' | 'noCompileCache' | 'tsx';
export type CliStartupDocument = TypedBenchDocument<
  { packaged: Packaged },
  { tsx: Record<CliCase, StartSummary>; noCompileCache: Record<CliCase, StartSummary>; nodeFloor: StartSummary }
>;

export function cliStartupReport(
  runs: number,
  samples: Record<CliCase, Record<CliVariant, readonly Sample[]>>,
  floor: readonly Sample[],
  environment: Environment,
): CliStartupDocument {
  const cases = Object.keys(CLI_TARGET_MS) as CliCase[];
  const packaged = Object.fromEntries(
    cases.map((c) => {
      const summary = summarise(samples[c].packaged);
      return [c, { ...summary, targetMs: CLI_TARGET_MS[c], metTarget: summary.p50Ms <= CLI_TARGET_MS[c] }];
    }),
  ) as Packaged;
  const baselineOf = (variant: CliVariant) => Object.fromEntries(cases.map((c) => [c, summarise(samples[c][variant])])) as Record<CliCase, StartSummary>;
  const tsx = baselineOf('tsx');
  const noCompileCache = baselineOf('noCompileCache');
  const nodeFloor = summarise(floor);
  return {
    benchmark: 'cli-startup',
    settings: { runs },
    figures: { packaged },
    baseline: { tsx, noCompileCache, nodeFloor },
    ratio: Object.fromEntries(
      cases.flatMap((c) => [
        [`${c}.tsxToPackagedP50`, tsx[c].p50Ms / packaged[c].p50Ms],
        [`${c}.noCompileCacheToPackagedP50`, noCompileCache[c].p50Ms / packaged[c].p50Ms],
        [`${c}.packagedToNodeFloorP50`, packaged[c].p50Ms / nodeFloor.p50Ms],
      ]),
    ),
    faults: [],
    environment,
  };
}

const f = (n: number) => n.toFixed(0);

export function cliStartupLines(doc: CliStartupDocument): string[] {
  const { packaged } = doc.figures;
  const { tsx, noCompileCache, nodeFloor } = doc.baseline;
  return [
    ...(Object.keys(packaged) as CliCase[]).map((c) => {
      const p = packaged[c];
      return (
        `${c}: packaged p50 ${f(p.p50Ms)} ms (min ${f(p.minMs)}), without compile cache ${f(noCompileCache[c].p50Ms)} ms, tsx p50 ${f(tsx[c].p50Ms)} ms (min ${f(tsx[c].minMs)}); ` +
        `CPU p50 ${f(p.cpuP50Ms)} / ${f(noCompileCache[c].cpuP50Ms)} / ${f(tsx[c].cpuP50Ms)} ms; tsx/packaged ${doc.ratio[`${c}.tsxToPackagedP50`]!.toFixed(2)}x; ` +
        `${doc.ratio[`${c}.packagedToNodeFloorP50`]!.toFixed(1)}x node -e 0; target <= ${p.targetMs} ms: ${p.metTarget ? 'met' : 'NOT met'}`
      );
    }),
    `floor (node -e 0): p50 ${f(nodeFloor.p50Ms)} ms (min ${f(nodeFloor.minMs)}), CPU p50 ${f(nodeFloor.cpuP50Ms)} ms`,
  ];
}
