import type { CommonOptions } from '../cli.js';
import type { CliIO } from '../io.js';
import { executeAssertions } from './execute.js';
import { parseParamPairs } from './param-pairs.js';

export interface VerifyOptions extends CommonOptions {
  type: string;
  params: readonly string[];
}

/** `assay-verify verify TYPE -p key=value …`: one assertion, id X1. */
export async function verifyCommand(options: VerifyOptions, io: CliIO): Promise<void> {
  const params = parseParamPairs(options.params);
  await executeAssertions([{ id: 'X1', type: options.type, params, claim: { criteria: [] } }], [], options, io);
}
