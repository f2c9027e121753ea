import type { Env } from './pipeline.js';

export type OidcPickup =
  | { kind: 'none' }
  | { kind: 'token'; provider: 'github' | 'gitlab'; token: string }
  | { kind: 'error'; reason: string };

export interface OidcPickupOptions {
  env: Env;
  /** Audience the platform expects (GitHub lets the job choose it per request). */
  audience: string;
  /** GitLab: the variable named under `id_tokens:` in .gitlab-ci.yml. */
  gitlabVariable?: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The CI provider's OIDC token for this job, if the job may have one. GitHub Actions exposes a
 * request URL only with `permissions: id-token: write`; GitLab puts the token in a variable.
 * A provider that advertises a token but fails to hand it over is an error, not `none`, so the
 * caller can fail closed when OIDC is required.
 */
export async function pickupOidcToken(options: OidcPickupOptions): Promise<OidcPickup> {
  const { env } = options;
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (url && bearer) return requestGithubToken(url, bearer, options);

  const variable = options.gitlabVariable ?? 'ASSAY_OIDC_TOKEN';
  const gitlabToken = env[variable]?.trim();
  if (gitlabToken) {
    return JWT_SHAPE.test(gitlabToken)
      ? { kind: 'token', provider: 'gitlab', token: gitlabToken }
      : { kind: 'error', reason: `${variable} does not hold a JWT` };
  }
  return { kind: 'none' };
}

async function requestGithubToken(requestUrl: string, bearer: string, options: OidcPickupOptions): Promise<OidcPickup> {
  const url = new URL(requestUrl);
  url.searchParams.set('audience', options.audience);
  const doFetch = options.fetch ?? globalThis.fetch;
  let body: unknown;
  try {
    const response = await doFetch(url, {
      headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (!response.ok) return { kind: 'error', reason: `GitHub OIDC token request failed: HTTP ${response.status}` };
    body = await response.json();
  } catch (error) {
    return { kind: 'error', reason: `GitHub OIDC token request failed: ${(error as Error).message}` };
  }
  const value = (body as { value?: unknown } | null)?.value;
  return typeof value === 'string' && JWT_SHAPE.test(value)
    ? { kind: 'token', provider: 'github', token: value }
    : { kind: 'error', reason: 'GitHub OIDC token response has no token' };
}
