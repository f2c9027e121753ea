import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, temporalConnectionOf } from '../config.js';

// Production settings for the Temporal connection of the worker and the API.
describe('temporalConnectionOf', () => {
  const dir = mkdtempSync(join(tmpdir(), 'assay-config-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('is a plain address by default (the local dev server)', () => {
    expect(temporalConnectionOf(loadConfig({ TEMPORAL_ADDRESS: 'temporal:7233' }))).toEqual({ address: 'temporal:7233' });
  });

  it('reads the client certificate, key and CA for mTLS', () => {
    const options = temporalConnectionOf(
      loadConfig({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_TLS_CERT: file('c.pem', 'CERT'), TEMPORAL_TLS_KEY: file('k.pem', 'KEY'), TEMPORAL_TLS_CA: file('ca.pem', 'CA'), TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' }),
    );
    expect(options.tls).toEqual({ clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') }, serverRootCACertificate: Buffer.from('CA'), serverNameOverride: 'temporal.internal' });
  });

  it('sends an API key over TLS', () => {
    expect(temporalConnectionOf(loadConfig({ TEMPORAL_ADDRESS: 'ns.tmprl.cloud:7233', TEMPORAL_API_KEY: 'secret' }))).toEqual({ address: 'ns.tmprl.cloud:7233', tls: true, apiKey: 'secret' });
  });

  it('refuses a certificate without its key', () => {
    expect(() => loadConfig({ TEMPORAL_TLS_CERT: '/x.pem' })).toThrow(ConfigError);
  });
});
