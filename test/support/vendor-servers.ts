import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: any;
}

type Handler = (request: RecordedRequest) => { status: number; body?: unknown };

/**
 * A local HTTP server that records every request and answers from `handle`, for the Jira Cloud,
 * Slack Web API and webhook-receiver wire formats the integration tests speak.
 */
export async function startRecordingServer(handle: Handler): Promise<{ url: string; requests: RecordedRequest[]; close(): Promise<void> }> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const recorded = { method: req.method!, path: req.url!, headers: req.headers, body, json };
      requests.push(recorded);
      const answer = handle(recorded);
      res.writeHead(answer.status, answer.body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const JIRA_ERROR = (message: string) => ({ errorMessages: [message], errors: {} });

/**
 * Jira Cloud REST v3 as far as the platform uses it: comments and remote links on an issue,
 * creating an issue, listing and applying transitions. Requests without the expected Basic
 * credentials or with a body Jira would refuse get Jira's own error shape.
 */
export function jiraCloudHandler(expectedAuthorization: string, transitions: Array<{ id: string; name: string }>): Handler {
  let issues = 100;
  return ({ method, path, headers, json }) => {
    if (headers.authorization !== expectedAuthorization) return { status: 401, body: JIRA_ERROR('You are not authenticated. Authentication required to perform this operation.') };
    const isDoc = (doc: any) => doc?.type === 'doc' && doc.version === 1 && Array.isArray(doc.content);
    let m: RegExpExecArray | null;
    if (method === 'POST' && (m = /^\/rest\/api\/3\/issue\/([A-Z]+-\d+)\/comment$/.exec(path))) {
      if (!isDoc(json?.body)) return { status: 400, body: JIRA_ERROR('Comment body is not valid!') };
      return { status: 201, body: { id: '10000', self: `/rest/api/3/issue/${m[1]}/comment/10000`, body: json.body, created: new Date().toISOString() } };
    }
    if (method === 'POST' && /^\/rest\/api\/3\/issue\/[A-Z]+-\d+\/remotelink$/.test(path)) {
      if (typeof json?.object?.url !== 'string' || typeof json?.object?.title !== 'string') return { status: 400, body: JIRA_ERROR('object.url and object.title are required') };
      return { status: 201, body: { id: 10000, self: `${path}/10000` } };
    }
    if (method === 'POST' && path === '/rest/api/3/issue') {
      const f = json?.fields;
      if (typeof f?.project?.key !== 'string' || typeof f?.issuetype?.name !== 'string' || typeof f?.summary !== 'string' || !isDoc(f?.description)) {
        return { status: 400, body: { errorMessages: [], errors: { summary: 'You must specify a summary of the issue.' } } };
      }
      const key = `${f.project.key}-${++issues}`;
      return { status: 201, body: { id: String(10000 + issues), key, self: `/rest/api/3/issue/${10000 + issues}` } };
    }
    if (method === 'GET' && /^\/rest\/api\/3\/issue\/[A-Z]+-\d+\/transitions$/.test(path)) {
      return { status: 200, body: { expand: 'transitions', transitions: transitions.map((t) => ({ ...t, to: { name: t.name, id: t.id } })) } };
    }
    if (method === 'POST' && /^\/rest\/api\/3\/issue\/[A-Z]+-\d+\/transitions$/.test(path)) {
      if (!transitions.some((t) => t.id === json?.transition?.id)) return { status: 400, body: JIRA_ERROR('Transition id is not valid') };
      return { status: 204 };
    }
    return { status: 404, body: JIRA_ERROR(`no route ${method} ${path}`) };
  };
}

/** Slack: `chat.postMessage` (HTTP 200 with `ok`), and `response_url`s under `/response/`. */
export function slackHandler(botToken: string): Handler {
  return ({ method, path, headers, json }) => {
    if (method === 'POST' && path === '/api/chat.postMessage') {
      if (headers.authorization !== `Bearer ${botToken}`) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
      if (typeof json?.channel !== 'string' || typeof json?.text !== 'string') return { status: 200, body: { ok: false, error: 'no_text' } };
      return { status: 200, body: { ok: true, channel: json.channel, ts: '1503435956.000247', message: { text: json.text, type: 'message' } } };
    }
    if (method === 'POST' && path.startsWith('/response/')) return { status: 200, body: { ok: true } };
    return { status: 404, body: { ok: false, error: 'unknown_method' } };
  };
}
