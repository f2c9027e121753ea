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

  async function call(key: string, method: string, path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(new URL(path, base), {
        method,
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new PlatformError(`cannot reach ${base.origin}: ${(error as Error).message}`);
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!response.ok) {
      const message = (parsed as { message?: unknown } | null)?.message;
      throw new PlatformError(`${method} ${path} answered ${response.status}: ${typeof message === 'string' ? message : text.slice(0, 300)}`);
    }
    return parsed;
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
  };
}
