import { PlatformError, UsageError } from '../verify/errors.js';

/** Where the platform is and which keys the admin holds: flags first, then the environment. */
export interface AdminConnection {
  apiUrl: string;
  /** A workspace admin key (`--api-key` or ASSAY_API_KEY). */
  apiKey?: string | undefined;
  /** The instance administrator's key, never a workspace key (`--instance-key` or ASSAY_INSTANCE_ADMIN_KEY). */
  instanceKey?: string | undefined;
}

export type AdminClient = ReturnType<typeof createAdminClient>;

/**
 * The platform's admin endpoints. Answers are shown as the platform gave them (the API
 * validates what it answers; the OpenAPI document describes it), so only their status is checked.
 */
export function createAdminClient(connection: AdminConnection) {
  let base: URL;
  try {
    base = new URL(connection.apiUrl);
  } catch {
    throw new UsageError(`--api-url "${connection.apiUrl}" is not a URL`);
  }

  /** The answer's bytes; a non-2xx answer is a PlatformError with the platform's message. */
  async function request(key: string, method: string, path: string, body?: unknown): Promise<Uint8Array> {
    let response: Response;
    try {
      response = await fetch(new URL(path, base), {
        method,
        headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new PlatformError(`cannot reach ${base.origin}: ${(error as Error).message}`);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (!response.ok) {
      const text = new TextDecoder().decode(bytes);
      let message = text.slice(0, 300);
      try {
        const parsed = (JSON.parse(text) as { message?: unknown } | null)?.message;
        if (typeof parsed === 'string') message = parsed;
      } catch {
        // not JSON: the text itself is the message
      }
      throw new PlatformError(`${method} ${path} answered ${response.status}: ${message}`);
    }
    return bytes;
  }

  async function call(key: string, method: string, path: string, body?: unknown): Promise<unknown> {
    const text = new TextDecoder().decode(await request(key, method, path, body));
    try {
      return text ? (JSON.parse(text) as unknown) : null;
    } catch {
      throw new PlatformError(`${method} ${path} answered something that is not JSON`);
    }
  }

  const workspaceKey = () => {
    if (!connection.apiKey) throw new UsageError('no API key: pass --api-key or set ASSAY_API_KEY (an admin key)');
    return connection.apiKey;
  };
  const instanceKey = () => {
    if (!connection.instanceKey) throw new UsageError('no instance key: pass --instance-key or set ASSAY_INSTANCE_ADMIN_KEY (printed on first start)');
    return connection.instanceKey;
  };
  return {
    /** As the workspace's admin. */
    workspace: (method: string, path: string, body?: unknown) => call(workspaceKey(), method, path, body),
    /** As the instance administrator. */
    instance: (method: string, path: string, body?: unknown) => call(instanceKey(), method, path, body),
    /** A public document (the platform's JWKS): no key at all. */
    anonymous: (path: string) => call('', 'GET', path),
    /** A document as the platform rendered it (an export), as the workspace's admin. */
    download: (path: string) => request(workspaceKey(), 'GET', path),
  };
}
