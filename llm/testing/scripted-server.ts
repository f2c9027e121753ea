import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedReply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface ScriptedServer {
  baseURL: string;
  requests: RecordedRequest[];
  /** Replies are consumed in order; the last one repeats. */
  script(...replies: ScriptedReply[]): void;
  /** Each reply is decided from the request (by a test's own script), instead of a fixed list. */
  decide(reply: (request: RecordedRequest) => ScriptedReply): void;
  close(): Promise<void>;
}

/** A local HTTP server that answers like a provider would, so real SDK clients can be tested. */
export async function startScriptedServer(): Promise<ScriptedServer> {
  let replies: ScriptedReply[] = [];
  let decider: ((request: RecordedRequest) => ScriptedReply) | undefined;
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: raw ? JSON.parse(raw) : undefined };
      requests.push(request);
      const reply = decider ? decider(request) : replies.length > 1 ? replies.shift() : replies[0];
      if (!reply) {
        res.writeHead(500).end('{"error":"no scripted reply"}');
        return;
      }
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify(reply.body));
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    requests,
    script(...next) {
      replies = next;
      decider = undefined;
    },
    decide(reply) {
      decider = reply;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
