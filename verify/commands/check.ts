import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AssertionDefinitionSchema } from '../../domain/schemas/assertion.js';
import type { CommonOptions } from '../cli.js';
import { UsageError } from '../errors.js';
import type { CliIO } from '../io.js';
import type { IdentifiedAssertion } from '../tier1/run.js';
import { executeAssertions } from './execute.js';

export interface CheckOptions extends CommonOptions {
  file: string;
}

const InputSchema = z.array(AssertionDefinitionSchema);

/** `assay-verify check FILE.json`: every assertion in the file; ids default to X1..Xn. */
export async function checkCommand(options: CheckOptions, io: CliIO): Promise<void> {
  await executeAssertions(await loadAssertions(options.file), options, io);
}

export async function loadAssertions(file: string): Promise<IdentifiedAssertion[]> {
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
    throw new UsageError(`${file}: expected a JSON array of {id?, type, params, description?}; at ${issue?.path.join('.') || '(top)'}: ${issue?.message}`);
  }
  const assertions = parsed.data.map((a, i) => ({ ...a, id: a.id ?? `X${i + 1}` }));
  const seen = new Set<string>();
  for (const a of assertions) {
    if (seen.has(a.id)) throw new UsageError(`${file}: assertion id "${a.id}" is used twice`);
    seen.add(a.id);
  }
  return assertions;
}
