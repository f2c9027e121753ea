import { UsageError } from '../../verify/errors.js';
import { printJson, type AdminDeps } from './io.js';

/**
 * `platform-key show | rotate`: the key that signs audit packages. `show` reads the public JWKS
 * (no key needed, so anyone can compare the fingerprint out of band before pinning it);
 * `rotate` is the instance administrator's.
 */
export async function platformKeyCommand({ action }: { action: string }, { client, io }: AdminDeps): Promise<void> {
  if (action === 'show') {
    const jwks = (await client.anonymous('/.well-known/assay/keys.json')) as { keys: Array<{ kid: string; exp?: number }> };
    return printJson(io, { current: jwks.keys.find((k) => k.exp === undefined)?.kid ?? null, keys: jwks.keys });
  }
  if (action === 'rotate') return printJson(io, await client.instance('POST', '/instance/platform-key/rotate'));
  throw new UsageError('use: platform-key show | platform-key rotate');
}
