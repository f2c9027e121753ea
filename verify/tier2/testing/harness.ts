import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Tier2Provider } from '../../../domain/schemas/attestation.js';
import { startScriptedServer, type ScriptedServer } from '../../../llm/testing/scripted-server.js';
import type { CheckContext } from '../../tier1/check.js';
import { createCheckContext } from '../../tier1/context.js';
import { resolveTier2, type Tier2Setup } from '../setup.js';
import { DECEPTIVE_PROJECT, writeProject } from './fixture.js';
import { providerEnv } from './scripted-reviewer.js';

export type EnabledSetup = Extract<Tier2Setup, { enabled: true }>;

export interface Tier2Harness {
  server: ScriptedServer;
  root: string;
  ctx: CheckContext;
  /** Tier 2 pointed at the scripted server, a fresh cache unless one is named, backoff without waiting. */
  setup(provider?: Tier2Provider, flags?: { maxCalls?: number; votes?: number; cache?: string }, env?: Record<string, string>): EnabledSetup;
}

/** A scripted provider server and the deceptive fixture project for one test file; requests are cleared per test. */
export function useTier2Harness(): Tier2Harness {
  let runs = 0;
  // Filled in by beforeAll; the tests read it only while they run.
  const h = {} as Tier2Harness;
  h.setup = (provider = 'openai', flags = {}, env = providerEnv(provider, h.server.baseURL)) => {
    const cache = flags.cache ?? join(h.root, `.cache-${runs++}`);
    const resolved = resolveTier2({ provider, require: false, cache, maxCalls: flags.maxCalls, votes: flags.votes }, env, h.root);
    if (!resolved.enabled) throw new Error('tier 2 not enabled');
    return { ...resolved, policy: { retries: 3, baseDelayMs: 1, maxDelayMs: 5, sleep: async () => {} } };
  };
  beforeAll(async () => {
    h.server = await startScriptedServer();
    h.root = await writeProject(DECEPTIVE_PROJECT);
    h.ctx = await createCheckContext({ root: h.root, tests: false });
  });
  afterAll(async () => {
    h.ctx?.parsed.dispose();
    await h.server?.close();
    if (h.root) await rm(h.root, { recursive: true, force: true });
  });
  beforeEach(() => {
    h.server.requests.length = 0;
  });
  return h;
}
