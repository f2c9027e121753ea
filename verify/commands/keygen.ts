import { writeFile } from 'node:fs/promises';
import { generateSigningKeyPair } from '../envelope/index.js';
import type { CliIO } from '../io.js';

/**
 * `assay-verify keygen`: a new CI signing key. The private key goes to stdout (redirect it into
 * the CI secret store); the public JWK goes to `publicKeyFile` when given (for
 * `assay-admin ci-keys add`), and to stderr either way.
 */
export async function keygenCommand(options: { publicKeyFile?: string }, io: CliIO): Promise<void> {
  const pair = await generateSigningKeyPair();
  const jwk = JSON.stringify(pair.publicJwk);
  if (options.publicKeyFile) await writeFile(options.publicKeyFile, `${jwk}\n`);
  io.stdout.write(pair.privateKeyPem);
  io.stderr.write(`public JWK (register it with \`assay-admin ci-keys add\`), keyid ${pair.keyid}:\n${jwk}\n`);
}
