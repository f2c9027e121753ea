import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SubmittedRun } from '../../domain/ci-contract.js';
import type { SignedEnvelope } from '../../domain/schemas/attestation.js';
import { PlatformError } from '../errors.js';
import { createPlatformClient } from './client.js';
import { connectPlatform } from './connect.js';

const envelope: SignedEnvelope = { payloadType: 'application/vnd.in-toto+json', payload: 'e30=', signatures: [] };

const ACCEPTED: SubmittedRun = { runId: 'r1', operationId: 'op-r1', status: 'pending', duplicate: false };

/** A local platform stand-in that answers the run submissions with the given statuses in turn (202: `accepted`). */
async function platformAnswering(statuses: number[], accepted: unknown = ACCEPTED): Promise<{ server: Server; url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push(body);
      const status = statuses[Math.min(bodies.length - 1, statuses.length - 1)]!;
      if (status === 202) return void res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify(accepted));
      res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '0' }).end(JSON.stringify({ error: 'unavailable', message: 'try later' }));
    });
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

describe('platform client retries', () => {
  let server: Server | undefined;
  afterEach(() => void server?.close());

  it('resubmits the same envelope after two 503s and returns the 202 answer', async () => {
    const platform = await platformAnswering([503, 503, 202]);
    server = platform.server;
    const logged: string[] = [];
    const client = createPlatformClient({ apiUrl: platform.url, apiKey: 'k', retryDelaysMs: [50, 50, 50], log: (line) => logged.push(line) });

    expect(await client.submitRun('m1', envelope)).toEqual(ACCEPTED);
    expect(platform.bodies).toHaveLength(3);
    expect(new Set(platform.bodies)).toEqual(new Set([JSON.stringify({ envelope })]));
    expect(logged).toHaveLength(2);
    expect(logged[0]).toContain('answered 503');
  });

  it('parses the answer with the CI contract: a 202 without its operation id is refused, not trusted', async () => {
    const platform = await platformAnswering([202], { runId: 'r1', duplicate: false });
    server = platform.server;
    const client = createPlatformClient({ apiUrl: platform.url, apiKey: 'k', retryDelaysMs: [], log: () => {} });
    const error = await client.submitRun('m1', envelope).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as Error).message).toMatch(/runs answered an unexpected shape/);
  });

  it.each([429, 502, 504])('retries %i as well', async (status) => {
    const platform = await platformAnswering([status, 202]);
    server = platform.server;
    const client = createPlatformClient({ apiUrl: platform.url, apiKey: 'k', retryDelaysMs: [10], log: () => {} });
    expect((await client.submitRun('m1', envelope)).runId).toBe('r1');
    expect(platform.bodies).toHaveLength(2);
  });

  it('gives up after its retries with the last answer, and never retries a refusal', async () => {
    const down = await platformAnswering([503]);
    server = down.server;
    const client = createPlatformClient({ apiUrl: down.url, apiKey: 'k', retryDelaysMs: [10, 10], log: () => {} });
    await expect(client.submitRun('m1', envelope)).rejects.toThrow(/answered 503: try later/);
    expect(down.bodies).toHaveLength(3);
    down.server.close();

    const refusing = await platformAnswering([400]);
    server = refusing.server;
    const strict = createPlatformClient({ apiUrl: refusing.url, apiKey: 'k', retryDelaysMs: [10, 10], log: () => {} });
    await expect(strict.submitRun('m1', envelope)).rejects.toThrow(/answered 400/);
    expect(refusing.bodies).toHaveLength(1);
  });

  it('retries a connection error, then reports it', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => probe.once('listening', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const logged: string[] = [];
    const client = createPlatformClient({ apiUrl: `http://127.0.0.1:${port}`, apiKey: 'k', retryDelaysMs: [10, 10], log: (line) => logged.push(line) });
    const error = await client.submitRun('m1', envelope).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as Error).message).toMatch(/cannot reach/);
    expect(logged).toHaveLength(2);
  });

  it('makes no retry with ASSAY_API_RETRIES=0, and refuses a value out of range', async () => {
    const down = await platformAnswering([503]);
    server = down.server;
    const client = connectPlatform({ apiUrl: down.url, apiKey: 'k', env: { ASSAY_API_RETRIES: '0' } });
    await expect(client.submitRun('m1', envelope)).rejects.toThrow(/answered 503/);
    expect(down.bodies).toHaveLength(1);
    expect(() => connectPlatform({ apiUrl: down.url, apiKey: 'k', env: { ASSAY_API_RETRIES: '99' } })).toThrow(/0 to 5/);
  });
});
