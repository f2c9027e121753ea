import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { canonicalJson } from '../../domain/canonical-json.js';
import { AssertionDefinitionSchema } from '../../domain/schemas/assertion.js';
import { RiskTierSchema } from '../../domain/schemas/threat-model.js';
import type { CommonOptions } from '../cli.js';
import { UsageError } from '../errors.js';
import type { CliIO } from '../io.js';
import type { TieredAssertion } from '../tier2/run-tiers.js';
import type { ControlContext } from '../tier2/sufficiency.js';
import { executeAssertions } from './execute.js';

export interface CheckOptions extends CommonOptions {
  file: string;
}

/** Optional context per assertion, so a local check can run Tier 2 and a sufficiency review without a platform. */
const ControlInputSchema = z.strictObject({
  id: z.string().min(1).max(64),
  description: z.string().max(4000),
  verificationCriteria: z.array(z.string().min(1)).max(100),
  riskTier: RiskTierSchema.optional(),
});

const InputSchema = z.array(AssertionDefinitionSchema.extend({ aspects: z.array(z.string()).max(100).optional(), control: ControlInputSchema.optional() }));

/** `assay-verify check FILE.json`: every assertion in the file; ids default to X1..Xn. */
export async function checkCommand(options: CheckOptions, io: CliIO): Promise<void> {
  const { assertions, controls } = await loadCheckInput(options.file);
  await executeAssertions(assertions, controls, options, io);
}

export async function loadAssertions(file: string): Promise<TieredAssertion[]> {
  return (await loadCheckInput(file)).assertions;
}

export async function loadCheckInput(file: string): Promise<{ assertions: TieredAssertion[]; controls: ControlContext[] }> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${file} does not exist` : `${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = InputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${file}: expected a JSON array of {id?, type, params, description?, aspects?, control?}; at ${issue?.path.join('.') || '(top)'}: ${issue?.message}`);
  }
  const controls = new Map<string, ControlContext>();
  const assertions = parsed.data.map(({ aspects, control, ...a }, i): TieredAssertion => {
    if (control) {
      const seen = controls.get(control.id);
      if (seen && canonicalJson(seen) !== canonicalJson(control)) throw new UsageError(`${file}: control "${control.id}" is described in two different ways`);
      controls.set(control.id, control);
    }
    return {
      ...a,
      id: a.id ?? `X${i + 1}`,
      claim: { criteria: aspects ?? [], ...(control ? { subject: { kind: 'control' as const, id: control.id, text: control.description } } : {}) },
      ...(control ? { controlId: control.id } : {}),
    };
  });
  const seen = new Set<string>();
  for (const a of assertions) {
    if (seen.has(a.id)) throw new UsageError(`${file}: assertion id "${a.id}" is used twice`);
    seen.add(a.id);
  }
  return { assertions, controls: [...controls.values()] };
}
