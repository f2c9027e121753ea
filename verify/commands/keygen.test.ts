import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSigningKey } from '../envelope/index.js';
import { UsageError } from '../errors.js';
import { keygenCommand } from './keygen.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  const io = { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) }, color: false };
  return { out, io };
}

describe('assay-verify keygen', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-keygen-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes the private key with mode 0600 and nothing secret to stdout', async () => {
    const { out, io } = capture();
    const file = join(dir, 'ci.pem');
    await keygenCommand({ privateKeyFile: file, publicKeyFile: join(dir, 'ci.jwk.json'), force: false }, io);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(out.stdout).toBe('');
    expect(out.stderr).not.toContain('PRIVATE KEY');
    expect((await loadSigningKey({ path: file })).ok).toBe(true);
    expect(JSON.parse(await readFile(join(dir, 'ci.jwk.json'), 'utf8'))).toMatchObject({ kty: 'EC', crv: 'P-256' });
  });

  it('refuses to overwrite an existing key file without --force, and leaves it untouched', async () => {
    const file = join(dir, 'ci.pem');
    await writeFile(file, 'the registered key', { mode: 0o644 });
    const error = await keygenCommand({ privateKeyFile: file, force: false }, capture().io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/already exists; pass --force/);
    expect(await readFile(file, 'utf8')).toBe('the registered key');
  });

  it('refuses a public key path that exists, before anything is half written', async () => {
    const jwk = join(dir, 'ci.jwk.json');
    await writeFile(jwk, '{}');
    const pem = join(dir, 'ci.pem');
    const error = await keygenCommand({ privateKeyFile: pem, publicKeyFile: jwk, force: false }, capture().io).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/ci\.jwk\.json already exists/);
    await expect(stat(pem)).rejects.toThrow(/ENOENT/);
  });

  it('does not follow a symlink planted at the key path', async () => {
    const target = join(dir, 'elsewhere');
    await writeFile(target, 'keep');
    await symlink(target, join(dir, 'ci.pem'));
    await expect(keygenCommand({ privateKeyFile: join(dir, 'ci.pem'), force: false }, capture().io)).rejects.toThrow(/already exists/);
    expect(await readFile(target, 'utf8')).toBe('keep');
  });

  it('replaces the file with --force and narrows a wider mode to 0600', async () => {
    const file = join(dir, 'ci.pem');
    await writeFile(file, 'old', { mode: 0o644 });
    await keygenCommand({ privateKeyFile: file, force: true }, capture().io);
    expect(await readFile(file, 'utf8')).toContain('PRIVATE KEY');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('prints the private key on stdout when no file is given (to pipe into a secret store)', async () => {
    const { out, io } = capture();
    await keygenCommand({ force: false }, io);
    expect(out.stdout).toContain('PRIVATE KEY');
  });
});
