import type { z } from 'zod';
import {
  AssertionBundleSchema,
  CiModelListSchema,
  CiReportSchema,
  RunStatusSchema,
  SubmittedRunSchema,
  type AssertionBundle,
  type AssertionQuery,
  type SubmitRunRequest,
} from '../../domain/ci-contract.js';
import type { SignedEnvelope } from '../../domain/schemas/attestation.js';
import { PlatformError, UsageError } from '../errors.js';

export interface PlatformClientOptions {
  apiUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Delays before each retry of a request the platform could not take now; defaults to 1, 2, 4, 8, 16 s. */
  retryDelaysMs?: readonly number[];
  /** Where retries are reported; stderr by default (stdout carries the report). */
  log?: (line: string) => void;
}

/** Answers that mean "not now" (rate limit, a proxy or the platform briefly down): the same request may succeed later. */
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 4000, 8000, 16_000];
/** A Retry-After beyond this is not waited for in CI; the next delay of the schedule is used instead. */
const MAX_RETRY_AFTER_MS = 60_000;

/** The wait a `Retry-After` header asks for (seconds or an HTTP date), when it is usable. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const ms = /^\d+$/.test(header.trim()) ? Number(header) * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_RETRY_AFTER_MS ? ms : undefined;
}

/** The CI endpoints of the platform, with every answer validated before use. */
export function createPlatformClient(options: PlatformClientOptions) {
  const doFetch = options.fetch ?? globalThis.fetch;
  let base: URL;
  try {
    base = new URL(options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`);
  } catch {
    throw new UsageError(`--api-url "${options.apiUrl}" is not a URL`);
  }

  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));

  /**
   * Sends a request, again after a connection error or a retryable status. Resending is safe:
   * reads change nothing, and a run resubmitted is the same envelope, which the platform stores
   * once (its id covers the envelope) and applies once (its nonce).
   */
  async function send(url: URL, init: RequestInit): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const retryIn = (wait: number | undefined, why: string) => {
        if (attempt >= retryDelays.length) return undefined;
        const ms = wait ?? retryDelays[attempt]!;
        log(`assay-verify: ${why}; retrying in ${Math.round(ms / 100) / 10} s (${attempt + 1}/${retryDelays.length})`);
        return ms;
      };
      let response: Response;
      try {
        response = await doFetch(url, {
          ...init,
          headers: { 'content-type': 'application/json', 'x-api-key': options.apiKey, ...(init.headers as Record<string, string>) },
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        const wait = retryIn(undefined, `cannot reach ${url.origin}: ${(error as Error).message}`);
        if (wait === undefined) throw new PlatformError(`cannot reach ${url.origin}: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, wait));
        continue;
      }
      if (!RETRYABLE_STATUS.has(response.status)) return response;
      const wait = retryIn(retryAfterMs(response.headers.get('retry-after'), Date.now()), `${init.method ?? 'GET'} ${url.pathname} answered ${response.status}`);
      if (wait === undefined) return response;
      await response.body?.cancel();
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  async function call<S extends z.ZodType>(schema: S, path: string, init: RequestInit = {}): Promise<z.infer<S>> {
    const url = new URL(path, base);
    const response = await send(url, init);
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 300);
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {
        // not JSON: keep the raw text
      }
      throw new PlatformError(`${init.method ?? 'GET'} ${url.pathname} answered ${response.status}: ${message}`);
    }
    const parsed = schema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new PlatformError(`${url.pathname} answered an unexpected shape: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }

  const model = (id: string) => `api/ci/models/${encodeURIComponent(id)}`;
  return {
    listModels: async (): Promise<string[]> => (await call(CiModelListSchema, 'api/ci/models')).models,
    assertions: (modelId: string, query: AssertionQuery): Promise<AssertionBundle> => {
      const params = new URLSearchParams({ ...(query.filter ? { filter: query.filter } : {}), ...(query.repo ? { repo: query.repo } : {}) });
      return call(AssertionBundleSchema, `${model(modelId)}/assertions?${params}`);
    },
    submitRun: (modelId: string, envelope: SignedEnvelope, oidcToken?: string) => {
      const request: SubmitRunRequest = { envelope, ...(oidcToken ? { oidcToken } : {}) };
      return call(SubmittedRunSchema, `${model(modelId)}/runs`, { method: 'POST', body: JSON.stringify(request) });
    },
    runStatus: (modelId: string, runId: string) => call(RunStatusSchema, `${model(modelId)}/runs/${encodeURIComponent(runId)}`),
    report: (modelId: string) => call(CiReportSchema, `${model(modelId)}/report`),
  };
}

export type PlatformClient = ReturnType<typeof createPlatformClient>;
