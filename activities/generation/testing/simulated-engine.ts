import { setTimeout as sleep } from 'node:timers/promises';
import type { GenerationEngine } from '../engine.js';

export type EngineMethod = Exclude<keyof GenerationEngine, 'name'>;

export interface SimulatedCall {
  method: EngineMethod;
  /** Distinguishes parallel calls of one step: the first objective id of a controls batch. */
  key: string;
}

/**
 * A provider stand-in with a fixed latency per call, answering with another engine's data
 * (the offline catalogue): what the benchmark and the crash tests need to count and time calls.
 * Every call reports one call and a fixed token count, like a real provider would.
 */
export function simulatedEngine(
  inner: GenerationEngine,
  options: { latencyMs: number; onCall?: (call: SimulatedCall) => void },
): GenerationEngine {
  const wrap =
    <M extends EngineMethod>(method: M) =>
    async (...args: Parameters<GenerationEngine[M]>) => {
      const batch = method === 'generateControls' ? (args[1] as Parameters<GenerationEngine['generateControls']>[1]) : [];
      options.onCall?.({ method, key: batch[0]?.objective.id ?? '' });
      await sleep(options.latencyMs);
      const { data } = await (inner[method] as (...a: typeof args) => ReturnType<GenerationEngine[M]>)(...args);
      return { data, usage: { inputTokens: 1000, outputTokens: 500, calls: 1 } };
    };
  return {
    name: `simulated(${options.latencyMs} ms)/${inner.name}`,
    generateAssets: wrap('generateAssets'),
    refineAssets: wrap('refineAssets'),
    generateAttackers: wrap('generateAttackers'),
    refineAttackers: wrap('refineAttackers'),
    analyseBoundaries: wrap('analyseBoundaries'),
    generateControls: wrap('generateControls'),
    planRefinement: wrap('planRefinement'),
  } as GenerationEngine;
}
