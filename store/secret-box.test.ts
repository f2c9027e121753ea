import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SECRETS_KEY_FILE, createSecretBox, keylessSecretBox, loadSecretsKey } from './secret-box.js';

describe('sealed integration secrets', () => {
  it('seals with AES-256-GCM: the plaintext is not in the stored value, and it opens only in its own context', () => {
    const box = createSecretBox(randomBytes(32));
    const sealed = box.seal('xoxb-secret-token', 'assay/ws-a/slack.botToken');
    expect(JSON.stringify(sealed)).not.toContain('xoxb-secret-token');
    expect(box.open(sealed, 'assay/ws-a/slack.botToken')).toBe('xoxb-secret-token');
    expect(() => box.open(sealed, 'assay/ws-b/slack.botToken')).toThrow();
    expect(() => box.open({ ...sealed, data: Buffer.from('tampered').toString('base64') }, 'assay/ws-a/slack.botToken')).toThrow();
    expect(() => createSecretBox(randomBytes(31)).open(sealed, 'assay/ws-a/slack.botToken')).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'assay/ws-a/slack.botToken')).toThrow();
  });

  it('takes the key from the environment, or generates one file (mode 0600) that later starts reuse', () => {
    const key = randomBytes(32);
    const dataDir = mkdtempSync(join(tmpdir(), 'assay-secrets-'));
    expect(loadSecretsKey({ base64Key: key.toString('base64'), dataDir })).toEqual(key);
    const generated = loadSecretsKey({ dataDir });
    expect(generated).toHaveLength(32);
    expect(statSync(join(dataDir, SECRETS_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(loadSecretsKey({ dataDir })).toEqual(generated);
  });

  it('a process without a key refuses to seal or open', () => {
    expect(() => keylessSecretBox().seal('x', 'c')).toThrow(/no secrets key/);
  });
});
