import { chmod, lstat, writeFile } from 'node:fs/promises';
import { generateSigningKeyPair } from '../envelope/index.js';
import { UsageError } from '../errors.js';
import type { CliIO } from '../io.js';

export interface KeygenOptions {
  /** Write the private key (PEM) here, mode 0600, instead of to stdout. */
  privateKeyFile?: string;
  /** Also write the public JWK here, for `assay-admin ci-keys add`. */
  publicKeyFile?: string;
  /** Replace files that already exist. */
  force: boolean;
}

/**
 * `assay-verify keygen`: a new CI signing key. The private key goes to `privateKeyFile` (owner
 * read/write only) or to stdout (to pipe into a CI secret store); the public JWK goes to
 * `publicKeyFile` when given, and to stderr either way. An existing file is never replaced
 * without `force`: overwriting a registered key would silently break every pipeline using it.
 */
export async function keygenCommand(options: KeygenOptions, io: CliIO): Promise<void> {
  const files = [options.privateKeyFile, options.publicKeyFile].filter((f): f is string => Boolean(f));
  // Both paths are checked before either is written, so a refusal leaves no half-made pair.
  if (!options.force) for (const file of files) if (await exists(file)) throw new UsageError(`${file} already exists; pass --force to replace it`);
  const pair = await generateSigningKeyPair();
  const jwk = JSON.stringify(pair.publicJwk);
  if (options.privateKeyFile) await writeNew(options.privateKeyFile, pair.privateKeyPem, 0o600, options.force);
  if (options.publicKeyFile) await writeNew(options.publicKeyFile, `${jwk}\n`, 0o644, options.force);
  if (!options.privateKeyFile) io.stdout.write(pair.privateKeyPem);
  io.stderr.write(`public JWK (register it with \`assay-admin ci-keys add\`), keyid ${pair.keyid}:\n${jwk}\n`);
}

async function writeNew(path: string, text: string, mode: number, force: boolean): Promise<void> {
  try {
    // `wx` fails on an existing file (or a symlink planted there), so nothing is ever clobbered by accident.
    await writeFile(path, text, { mode, flag: force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${path} already exists; pass --force to replace it`);
    throw new UsageError(`cannot write ${path}: ${(error as Error).message}`);
  }
  // `mode` applies only to a new file, and the umask may have narrowed it: set it exactly.
  await chmod(path, mode);
}

const exists = (path: string) => lstat(path).then(
  () => true,
  () => false,
);
