import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Tier2ProviderSchema, type Tier2Status } from '../../domain/schemas/attestation.js';
import { ChatConfigError, createChatModel } from '../../llm/create-chat-model.js';
import type { ChatModel } from '../../llm/types.js';
import type { RetryPolicy } from './call.js';

/** The `--tier2-*` flags as given (strings from the command line, or absent). */
export interface Tier2Flags {
  provider?: string | undefined;
  model?: string | undefined;
  require: boolean;
  cache?: string | undefined;
  concurrency?: string | number | undefined;
  maxCalls?: string | number | undefined;
  votes?: string | number | undefined;
}

/** Where keys and endpoints come from; the CLI passes process.env. */
export type Tier2Env = Readonly<Record<string, string | undefined>>;

export type Tier2Setup =
  | { enabled: false; status: Tier2Status; require: boolean }
  | {
      enabled: true;
      status: Tier2Status;
      chat: ChatModel;
      cacheDir: string;
      concurrency: number;
      maxCalls?: number;
      votes: number;
      /** Seams for tests (backoff without waiting, a planted boundary token); defaults otherwise. */
      policy?: RetryPolicy;
      boundary?: () => string;
    };

export class Tier2ConfigError extends Error {
  override name = 'Tier2ConfigError';
}

export const TIER2_CALL_TIMEOUT_MS = 120_000;
const MAX_ANSWER_TOKENS = 2_000;

function positiveInt(flag: string, value: string | number | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Tier2ConfigError(`--${flag} must be a positive integer, not "${value}"`);
  return n;
}

/**
 * Tier 2 as the flags and environment ask for it. No provider: Tier 2 is skipped with a reason
 * (never silently). Keys and endpoints: ANTHROPIC_API_KEY/ANTHROPIC_BASE_URL,
 * OPENAI_API_KEY/OPENAI_BASE_URL (any OpenAI-compatible server), OLLAMA_BASE_URL.
 */
export function resolveTier2(flags: Tier2Flags, env: Tier2Env, projectRoot: string): Tier2Setup {
  const name = flags.provider ?? env.ASSAY_TIER2_PROVIDER;
  const concurrency = positiveInt('tier2-concurrency', flags.concurrency, 4)!;
  const maxCalls = positiveInt('tier2-max-calls', flags.maxCalls, undefined);
  const votes = positiveInt('tier2-votes', flags.votes, 1)!;
  if (!name) {
    return { enabled: false, require: flags.require, status: { status: 'skipped', reason: 'no Tier 2 provider configured (--tier2-provider or ASSAY_TIER2_PROVIDER)' } };
  }
  const provider = Tier2ProviderSchema.safeParse(name);
  if (!provider.success) throw new Tier2ConfigError(`unknown Tier 2 provider "${name}"; use anthropic, openai or ollama`);
  const endpoint = {
    anthropic: { apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL },
    // A local OpenAI-compatible server (vLLM, LM Studio) often takes no key, but the SDK wants one.
    openai: { apiKey: env.OPENAI_API_KEY ?? (env.OPENAI_BASE_URL ? 'unused' : undefined), baseURL: env.OPENAI_BASE_URL },
    ollama: { baseURL: env.OLLAMA_BASE_URL },
  }[provider.data];
  let chat: ChatModel;
  try {
    chat = createChatModel({ provider: provider.data, model: flags.model, ...endpoint, timeoutMs: TIER2_CALL_TIMEOUT_MS, maxTokens: MAX_ANSWER_TOKENS });
  } catch (error) {
    throw error instanceof ChatConfigError ? new Tier2ConfigError(error.message) : error;
  }
  const cacheDir = flags.cache ?? join(projectRoot, '.assay', 'tier2-cache');
  refuseCommittedCache(cacheDir, projectRoot);
  return {
    enabled: true,
    status: { status: 'run', provider: chat.provider, model: chat.model },
    chat,
    cacheDir,
    concurrency,
    ...(maxCalls === undefined ? {} : { maxCalls }),
    votes,
  };
}

/**
 * Whoever commits to the repository (the agent) could plant cache entries that answer for the
 * provider, so a cache that git tracks is refused. Outside a git checkout there is nothing to check.
 */
function refuseCommittedCache(cacheDir: string, projectRoot: string): void {
  let tracked: string;
  try {
    tracked = execFileSync('git', ['-C', projectRoot, 'ls-files', '--', cacheDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return;
  }
  if (tracked.trim()) throw new Tier2ConfigError(`the Tier 2 cache ${cacheDir} holds files committed to the repository; a committed answer could stand in for the provider's, so remove them from git (the cache is for CI's own cache step)`);
}
