import { UsageError } from '../../verify/errors.js';
import { printJson, type AdminDeps } from './io.js';

export interface WorkspacesOptions {
  action: string;
  id?: string | undefined;
  name?: string | undefined;
}

/** `workspaces list | create ID [--name N]`, as the instance administrator; a new workspace's first admin key is printed once. */
export async function workspacesCommand(options: WorkspacesOptions, { client, io }: AdminDeps): Promise<void> {
  if (options.action === 'list') return printJson(io, await client.instance('GET', '/instance/workspaces'));
  if (options.action === 'create' && options.id) {
    return printJson(io, await client.instance('POST', '/instance/workspaces', { id: options.id, ...(options.name ? { name: options.name } : {}) }));
  }
  throw new UsageError('use: workspaces list | workspaces create ID [--name N]');
}
