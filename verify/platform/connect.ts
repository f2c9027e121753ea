import type { Env } from '../envelope/index.js';
import { UsageError } from '../errors.js';
import { createPlatformClient, type PlatformClient } from './client.js';

export interface PlatformOptions {
  apiUrl?: string;
  apiKey?: string;
  env: Env;
}

/** The platform client from flags, else ASSAY_API_URL / ASSAY_API_KEY. */
export function connectPlatform(options: PlatformOptions): PlatformClient {
  const apiUrl = options.apiUrl ?? options.env.ASSAY_API_URL;
  const apiKey = options.apiKey ?? options.env.ASSAY_API_KEY;
  if (!apiUrl) throw new UsageError('no platform URL: pass --api-url or set ASSAY_API_URL');
  if (!apiKey) throw new UsageError('no API key: pass --api-key or set ASSAY_API_KEY (a verifier key)');
  return createPlatformClient({ apiUrl, apiKey });
}
