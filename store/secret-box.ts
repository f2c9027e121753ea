import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** A secret as stored: AES-256-GCM ciphertext, its nonce and tag (base64); the plaintext never is. */
export const SealedSecretSchema = z.object({ alg: z.literal('A256GCM'), iv: z.string(), tag: z.string(), data: z.string() }).strict();
export type SealedSecret = z.infer<typeof SealedSecretSchema>;

export interface SecretBox {
  /** `context` (workspace and field) is authenticated, so a sealed value copied elsewhere does not open. */
  seal(plaintext: string, context: string): SealedSecret;
  open(sealed: SealedSecret, context: string): string;
}

export function createSecretBox(key: Uint8Array): SecretBox {
  if (key.length !== 32) throw new Error('the secrets key must be 32 bytes (AES-256)');
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return { alg: 'A256GCM', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
    },
    open(sealed, context) {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64')).setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}

export const SECRETS_KEY_FILE = 'secrets.key';

/**
 * The key integration secrets are sealed with: ASSAY_SECRETS_KEY when set, else the key file under
 * the data dir, written (mode 0600) by whichever process starts first; API and worker share it.
 */
export function loadSecretsKey(options: { base64Key?: string; dataDir: string }): Buffer {
  if (options.base64Key) return Buffer.from(options.base64Key, 'base64');
  const file = join(options.dataDir, SECRETS_KEY_FILE);
  mkdirSync(options.dataDir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a base64 32-byte key`);
  return key;
}

/** For a process given no key: integrations that hold secrets fail with this, the rest works. */
export function keylessSecretBox(): SecretBox {
  const refuse = (): never => {
    throw new Error('this process has no secrets key (ASSAY_SECRETS_KEY or the data dir key file), so it cannot use integration secrets');
  };
  return { seal: refuse, open: refuse };
}
