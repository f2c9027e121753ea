import { z } from 'zod';
import { AssertionBundleSchema, type AssertionBundle } from '../../domain/schemas/envelope.js';
import type { SignedEnvelope } from '../../domain/schemas/attestation.js';
import { UsageError } from '../errors.js';

const ModelListSchema = z.object({ models: z.array(z.string()) });
const SubmittedSchema = z.object({ runId: z.string(), duplicate: z.boolean().optional() });
const RunStatusSchema = z.object({ status: z.string(), reason: z.string().optional(), commit: z.string().optional(), ignored: z.array(z.string()).optional() }).loose();
export type RunStatusAnswer = z.infer<typeof RunStatusSchema>;

/** The platform could not be reached or refused a request; the message says which and why. */
export class PlatformError extends Error {
  override name = 'PlatformError';
}

export interface PlatformClientOptions {
  apiUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
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

  async function call<S extends z.ZodType>(schema: S, path: string, init: RequestInit = {}): Promise<z.infer<S>> {
    const url = new URL(path, base);
    let response: Response;
    try {
      response = await doFetch(url, {
        ...init,
        headers: { 'content-type': 'application/json', 'x-api-key': options.apiKey, ...(init.headers as Record<string, string>) },
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new PlatformError(`cannot reach ${url.origin}: ${(error as Error).message}`);
    }
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
    listModels: async (): Promise<string[]> => (await call(ModelListSchema, 'api/ci/models')).models,
    assertions: (modelId: string, query: { filter: string; repo?: string }): Promise<AssertionBundle> => {
      const params = new URLSearchParams({ filter: query.filter, ...(query.repo ? { repo: query.repo } : {}) });
      return call(AssertionBundleSchema, `${model(modelId)}/assertions?${params}`);
    },
    submitRun: (modelId: string, envelope: SignedEnvelope, oidcToken?: string) =>
      call(SubmittedSchema, `${model(modelId)}/runs`, { method: 'POST', body: JSON.stringify({ envelope, ...(oidcToken ? { oidcToken } : {}) }) }),
    runStatus: (modelId: string, runId: string) => call(RunStatusSchema, `${model(modelId)}/runs/${runId}`),
    report: (modelId: string) => call(z.record(z.string(), z.unknown()), `${model(modelId)}/report`),
  };
}

export type PlatformClient = ReturnType<typeof createPlatformClient>;
