import type { Command } from 'cac';
import type { Tier2Flags } from './setup.js';

/** The `--tier2-*` options, the same on `verify`, `check` and `run`. */
export function withTier2Options(command: Command): Command {
  return command
    .option('--tier2-provider <name>', 'Tier 2 (semantic) provider: anthropic, openai or ollama (or ASSAY_TIER2_PROVIDER); none: Tier 2 is skipped')
    .option('--tier2-model <name>', 'Model for Tier 2 (default: the provider\'s default)')
    .option('--require-tier2', 'Exit 1 when no Tier 2 provider is configured')
    .option('--tier2-cache <dir>', 'Tier 2 answer cache (default: <project root>/.assay/tier2-cache)')
    .option('--tier2-concurrency <n>', 'Tier 2 requests in flight at once', { default: 4 })
    .option('--tier2-max-calls <n>', 'At most this many provider requests; what is over budget fails (tier2_budget_exhausted)')
    .option('--tier2-votes <n>', 'Votes per assertion of a critical-tier control (majority wins, every pass citing)', { default: 1 });
}

/** cac camel-cases `--require-tier2` but leaves `--tier2-provider` as it is (a digit before the dash): match either. */
function flag(options: Record<string, unknown>, name: string): unknown {
  const wanted = name.replace(/-/g, '').toLowerCase();
  return Object.entries(options).find(([key]) => key.replace(/-/g, '').toLowerCase() === wanted)?.[1];
}

export function tier2FlagsOf(options: Record<string, unknown>): Tier2Flags {
  const text = (name: string) => {
    const value = flag(options, name);
    return value === undefined || value === true ? undefined : String(value);
  };
  return {
    provider: text('tier2-provider'),
    model: text('tier2-model'),
    require: Boolean(flag(options, 'require-tier2')),
    cache: text('tier2-cache'),
    concurrency: text('tier2-concurrency'),
    maxCalls: text('tier2-max-calls'),
    votes: text('tier2-votes'),
  };
}
