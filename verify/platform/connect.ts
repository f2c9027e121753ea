import type { Env } from '../envelope/index.js';
import { UsageError } from '../errors.js';
import { DEFAULT_RETRY_DELAYS_MS, createPlatformClient, type PlatformClient } from './client.js';

export interface PlatformOptions {
  apiUrl?: string;
  apiKey?: string;
  env: Env;
}

/** The platform client from flags, else ASSAY_API_URL / ASSAY_API_KEY; ASSAY_API_RETRIES (0–5) caps its retries. */
export function connectPlatform(options: PlatformOptions): PlatformClient {
  const apiUrl = options.apiUrl ?? options.env.ASSAY_API_URL;
  const apiKey = options.apiKey ?? options.env.ASSAY_API_KEY;
  if (!apiUrl) throw new UsageError('no platform URL: pass --api-url or set ASSAY_API_URL');
  if (!apiKey) throw new UsageError('no API key: pass --api-key or set ASSAY_API_KEY (a verifier key)');
  const retries = options.env.ASSAY_API_RETRIES;
  if (retries !== undefined && !/^[0-5]$/.test(retries)) throw new UsageError(`ASSAY_API_RETRIES must be 0 to 5, not "${retries}"`);
  return createPlatformClient({ apiUrl, apiKey, retryDelaysMs: DEFAULT_RETRY_DELAYS_MS.slice(0, retries === undefined ? undefined : Number(retries)) });
}
