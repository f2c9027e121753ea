import { Agent, request } from 'node:http';

export interface HttpAnswer {
  status: number;
  body: Buffer;
}

export interface HttpCall {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A keep-alive HTTP/1.1 client for a load generator on the machine it measures: node:http costs
 * a fraction of what `fetch` (undici and its web streams) does per request, and whatever the
 * clients spend is taken from the processes under test.
 */
export function httpClient(base: string, sockets: number): (path: string, call?: HttpCall) => Promise<HttpAnswer> {
  const { hostname, port } = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  return (path, call = {}) =>
    new Promise((resolve, reject) => {
      const headers = call.body === undefined ? call.headers : { ...call.headers, 'content-length': String(Buffer.byteLength(call.body)) };
      const sent = request({ hostname, port, path, method: call.method ?? 'GET', headers, agent }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => resolve({ status: answer.statusCode ?? 0, body: Buffer.concat(chunks) }));
        answer.on('error', reject);
      });
      sent.on('error', reject);
      sent.end(call.body);
    });
}
