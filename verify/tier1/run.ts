import { Tier1ResultSchema, type Tier1Result } from '../../domain/schemas/assertion.js';
import type { AssertionTypeDefinition, CheckContext, CheckOutcome, Evidence } from './check.js';
import { validateParams } from '../../domain/assertion-params/index.js';

export interface IdentifiedAssertion {
  id: string;
  type: string;
  params: Record<string, unknown>;
  description?: string | undefined;
}

/** A Tier 1 result plus the context spans Tier 2 reads (CheckOutcome.context); never printed or attested. */
export type Tier1Outcome = Tier1Result & { context?: Evidence[] };

export interface RunOptions {
  /** How many assertions are in flight at once. */
  concurrency?: number;
  /** Ceiling on a single assertion; longer means fail. */
  timeoutMs?: number;
  /** Called as each assertion settles (in completion order). */
  onSettled?: (done: number, total: number) => void;
  /** Types started before the rest: they wait on child processes, so other checks overlap them. */
  startFirst?: ReadonlySet<string>;
}

export const DEFAULT_CONCURRENCY = 16;
export const DEFAULT_ASSERTION_TIMEOUT_MS = 10 * 60 * 1000;
const DEFAULT_START_FIRST: ReadonlySet<string> = new Set(['test_passes']);

/**
 * Runs every assertion and returns one result each, in input order. Nothing thrown by
 * one check reaches another: every error becomes that assertion's `fail` with a reason.
 */
export async function runTier1(
  assertions: readonly IdentifiedAssertion[],
  ctx: CheckContext,
  registry: ReadonlyMap<string, AssertionTypeDefinition>,
  options: RunOptions = {},
): Promise<Tier1Outcome[]> {
  const results: Tier1Outcome[] = new Array(assertions.length);
  const timeoutMs = options.timeoutMs ?? DEFAULT_ASSERTION_TIMEOUT_MS;
  const first = options.startFirst ?? DEFAULT_START_FIRST;
  const early = (i: number) => (first.has(assertions[i]?.type ?? '') ? 0 : 1);
  const order = assertions.map((_, i) => i).sort((a, b) => early(a) - early(b) || a - b);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < order.length) {
      const index = order[next++] as number;
      const assertion = assertions[index] as IdentifiedAssertion;
      results[index] = await runOne(assertion, ctx, registry, timeoutMs);
      options.onSettled?.(++done, assertions.length);
    }
  };
  const width = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, assertions.length));
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

async function runOne(
  assertion: IdentifiedAssertion,
  ctx: CheckContext,
  registry: ReadonlyMap<string, AssertionTypeDefinition>,
  timeoutMs: number,
): Promise<Tier1Outcome> {
  const fail = (details: string): Tier1Result => ({ id: assertion.id, type: assertion.type, verdict: 'fail', details, evidence: [] });
  const def = registry.get(assertion.type);
  if (!def) return fail(`unknown assertion type "${assertion.type}"; known types: ${[...registry.keys()].join(', ')}`);
  const params = validateParams(def.type, def.params, assertion.params);
  if (!params.ok) return fail(params.reason);

  let outcome: CheckOutcome;
  try {
    outcome = await withTimeout(def.check(params.params, ctx), timeoutMs);
  } catch (error) {
    return fail(`the ${assertion.type} check failed unexpectedly: ${(error as Error)?.message ?? String(error)}`);
  }
  const result = Tier1ResultSchema.safeParse({ id: assertion.id, type: assertion.type, ...outcome });
  if (!result.success) return fail(`the ${assertion.type} check returned a malformed result; treated as a failure`);
  // Every verdict must be traceable to the code: a pass that cites nothing is not evidence.
  if (result.data.verdict === 'pass' && result.data.evidence.length === 0) {
    return fail(`the ${assertion.type} check passed without citing any evidence; treated as a failure`);
  }
  return outcome.context ? { ...result.data, context: outcome.context } : result.data;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
