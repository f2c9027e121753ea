import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodySizeLimit } from './body-size-limit.js';

const MAX = 1024;

/** One request as a client sends it, chunked when `chunks` are given, else with its Content-Length. */
function send(port: number, method: string, body: string | string[] = ''): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const chunked = Array.isArray(body);
    const headers = chunked ? { 'transfer-encoding': 'chunked' } : body ? { 'content-length': String(Buffer.byteLength(body)) } : {};
    const sent = request({ host: '127.0.0.1', port, path: '/echo', method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    sent.on('error', reject);
    for (const chunk of chunked ? body : [body]) if (chunk) sent.write(chunk);
    sent.end();
  });
}

// Over a real @hono/node-server, where a request's body is read from the socket.
describe('bodySizeLimit', () => {
  let server: ServerType;
  let port: number;
  let read = 0;
  /**
   * Whether the server's request object had built a WHATWG Request when the last handler began:
   * @hono/node-server builds one (its `requestCache`) only when asked for more than it reads itself.
   */
  let built = true;
  beforeAll(async () => {
    const app = new Hono();
    app.use('*', bodySizeLimit({ maxSize: MAX, onError: (c) => c.json({ error: 'payload_too_large' }, 413) }));
    app.all('/echo', async (c) => {
      read++;
      const raw = c.req.raw as unknown as Record<symbol, unknown>;
      built = Object.getOwnPropertySymbols(raw).some((key) => key.description === 'requestCache' && raw[key] !== undefined);
      return c.text(c.req.method === 'GET' ? 'read' : await c.req.text());
    });
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => void server.close());

  it('lets a body within the limit through as sent, stated or chunked', async () => {
    const body = `{"a":"${'é'.repeat(400)}"}`;
    expect(await send(port, 'POST', body)).toEqual({ status: 200, text: body });
    // Judged by its stated length, and read by the handler straight from the socket.
    expect(built).toBe(false);
    expect(await send(port, 'POST', [body.slice(0, 100), body.slice(100)])).toEqual({ status: 200, text: body });
    expect(await send(port, 'POST', 'x'.repeat(MAX))).toEqual({ status: 200, text: 'x'.repeat(MAX) });
  });

  it('refuses a body over the limit with the handler never called, whether its length is stated or not', async () => {
    const before = read;
    expect((await send(port, 'POST', 'x'.repeat(MAX + 1))).status).toBe(413);
    expect((await send(port, 'PUT', ['x'.repeat(MAX), 'x'])).status).toBe(413);
    expect(read).toBe(before);
  });

  it('passes a GET, whose body no handler reads', async () => {
    expect(await send(port, 'GET')).toEqual({ status: 200, text: 'read' });
    expect(built).toBe(false);
  });
});
