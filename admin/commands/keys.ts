import { UsageError } from '../../verify/errors.js';
import { printJson, segment, type AdminDeps } from './io.js';

export interface KeysOptions {
  action: string;
  id?: string | undefined;
  name?: string | undefined;
  scopes: readonly string[];
}

/** `keys list | create --name N --scope S… | revoke ID`: the workspace's API keys; a secret is shown once, at creation. */
export async function keysCommand(options: KeysOptions, { client, io }: AdminDeps): Promise<void> {
  if (options.action === 'list') return printJson(io, await client.workspace('GET', '/api/workspace/keys'));
  if (options.action === 'create') {
    if (!options.name || options.scopes.length === 0) throw new UsageError('keys create needs --name and at least one --scope');
    return printJson(io, await client.workspace('POST', '/api/workspace/keys', { name: options.name, scopes: options.scopes }));
  }
  if (options.action === 'revoke' && options.id) {
    await client.workspace('DELETE', `/api/workspace/keys/${segment(options.id)}`);
    return printJson(io, { revoked: options.id });
  }
  throw new UsageError('use: keys list | keys create --name N --scope S | keys revoke ID');
}
