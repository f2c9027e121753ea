import { UsageError } from '../../verify/errors.js';
import { printJson, readJson, segment, type AdminDeps } from './io.js';

export interface CiKeysOptions {
  action: string;
  /** The JWK file to add, or the key id to revoke. */
  arg?: string | undefined;
  name: string;
}

/** `ci-keys list | add JWK_FILE [--name N] | revoke KEY_ID`: the public keys CI signs runs with. */
export async function ciKeysCommand(options: CiKeysOptions, { client, io }: AdminDeps): Promise<void> {
  if (options.action === 'list') return printJson(io, await client.workspace('GET', '/api/workspace/ci-keys'));
  if (options.action === 'add' && options.arg) {
    const jwk = await readJson(options.arg);
    return printJson(io, await client.workspace('POST', '/api/workspace/ci-keys', { name: options.name, jwk }));
  }
  if (options.action === 'revoke' && options.arg) {
    await client.workspace('DELETE', `/api/workspace/ci-keys/${segment(options.arg)}`);
    return printJson(io, { revoked: options.arg });
  }
  throw new UsageError('use: ci-keys list | ci-keys add JWK_FILE [--name N] | ci-keys revoke KEY_ID');
}
