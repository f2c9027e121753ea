import type { Env } from '../envelope/index.js';
import type { CliIO } from '../io.js';
import { connectPlatform } from '../platform/connect.js';

export interface ListOptions {
  output: string;
  repo?: string;
  apiUrl?: string;
  apiKey?: string;
  env: Env;
}

/** `assay-verify list`: the workspace's models and how many assertions each has for CI (pending of total). */
export async function listCommand(options: ListOptions, io: CliIO): Promise<void> {
  const platform = connectPlatform(options);
  const rows = [];
  for (const modelId of await platform.listModels()) {
    const [all, pending] = await Promise.all([
      platform.assertions(modelId, { filter: 'all', repo: options.repo }),
      platform.assertions(modelId, { filter: 'pending', repo: options.repo }),
    ]);
    rows.push({ modelId, modelVersion: all.modelVersion, assertions: all.assertions.length, pending: pending.assertions.length });
  }
  io.stdout.write(
    options.output === 'json'
      ? `${JSON.stringify({ models: rows }, null, 2)}\n`
      : rows.map((r) => `${r.modelId} (version ${r.modelVersion}): ${r.assertions} assertions, ${r.pending} never verified`).join('\n') + '\n',
  );
}
