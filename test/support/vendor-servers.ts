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

interface JiraIssue {
  labels: string[];
  status: string;
  comments: Array<{ id: string; body: unknown; properties: Array<{ key: string; value: unknown }>; created: string }>;
}

/**
 * Jira Cloud REST v3 as far as the platform uses it, with the state it keeps: issues (created, or
 * first touched by a comment) with labels, a status and comments with their entity properties;
 * enhanced JQL search by label; transitions offered to every status but the current one. Requests
 * without the expected Basic credentials or with a body Jira would refuse get Jira's own error
 * shape. `loseAnswerOnce`: the first request matching each pattern (`METHOD /path`) is applied and
 * then answered 502, as a gateway that drops Jira's answer would.
 */
export function jiraCloudHandler(expectedAuthorization: string, transitions: Array<{ id: string; name: string }>, options: { loseAnswerOnce?: RegExp[] } = {}): Handler & { issues: Map<string, JiraIssue> } {
  let issueNumber = 100;
  let commentNumber = 10000;
  const lost = new Set<RegExp>();
  const issues = new Map<string, JiraIssue>();
  const issue = (key: string) => issues.get(key) ?? issues.set(key, { labels: [], status: 'To Do', comments: [] }).get(key)!;
  const isDoc = (doc: any) => doc?.type === 'doc' && doc.version === 1 && Array.isArray(doc.content);
  const offered = (key: string) => transitions.filter((t) => t.name !== issue(key).status);

  const route = (method: string, url: URL, json: any): { status: number; body?: unknown } => {
    const path = url.pathname;
    let m: RegExpExecArray | null;
    if (method === 'POST' && (m = /^\/rest\/api\/3\/issue\/([A-Z]+-\d+)\/comment$/.exec(path))) {
      if (!isDoc(json?.body)) return { status: 400, body: JIRA_ERROR('Comment body is not valid!') };
      const comment = { id: String(++commentNumber), body: json.body, properties: Array.isArray(json.properties) ? json.properties : [], created: new Date().toISOString() };
      issue(m[1]!).comments.push(comment);
      return { status: 201, body: { id: comment.id, self: `/rest/api/3/issue/${m[1]}/comment/${comment.id}`, body: comment.body, created: comment.created } };
    }
    if (method === 'GET' && (m = /^\/rest\/api\/3\/issue\/([A-Z]+-\d+)\/comment$/.exec(path))) {
      const expand = (url.searchParams.get('expand') ?? '').split(',');
      const newestFirst = url.searchParams.get('orderBy') === '-created';
      const all = [...issue(m[1]!).comments];
      if (newestFirst) all.reverse();
      const page = all.slice(0, Number(url.searchParams.get('maxResults') ?? 50));
      const comments = page.map((c) => ({ id: c.id, body: c.body, created: c.created, ...(expand.includes('properties') ? { properties: c.properties } : {}) }));
      return { status: 200, body: { startAt: 0, maxResults: page.length, total: all.length, comments } };
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
      const key = `${f.project.key}-${++issueNumber}`;
      issue(key).labels = Array.isArray(f.labels) ? f.labels : [];
      return { status: 201, body: { id: String(10000 + issueNumber), key, self: `/rest/api/3/issue/${10000 + issueNumber}` } };
    }
    if (method === 'GET' && path === '/rest/api/3/search/jql') {
      const label = /^labels = "([^"]+)"/.exec(url.searchParams.get('jql') ?? '')?.[1];
      if (!label) return { status: 400, body: JIRA_ERROR('Error in the JQL Query') };
      const found = [...issues].filter(([, i]) => i.labels.includes(label)).slice(0, Number(url.searchParams.get('maxResults') ?? 50));
      return { status: 200, body: { issues: found.map(([key]) => ({ id: key, key })), isLast: true } };
    }
    if (method === 'GET' && (m = /^\/rest\/api\/3\/issue\/([A-Z]+-\d+)$/.exec(path))) {
      return { status: 200, body: { key: m[1], fields: { status: { name: issue(m[1]!).status } } } };
    }
    if (method === 'GET' && (m = /^\/rest\/api\/3\/issue\/([A-Z]+-\d+)\/transitions$/.exec(path))) {
      return { status: 200, body: { expand: 'transitions', transitions: offered(m[1]!).map((t) => ({ ...t, to: { name: t.name, id: t.id } })) } };
    }
    if (method === 'POST' && (m = /^\/rest\/api\/3\/issue\/([A-Z]+-\d+)\/transitions$/.exec(path))) {
      const transition = offered(m[1]!).find((t) => t.id === json?.transition?.id);
      if (!transition) return { status: 400, body: JIRA_ERROR('Transition id is not valid') };
      issue(m[1]!).status = transition.name;
      return { status: 204 };
    }
    return { status: 404, body: JIRA_ERROR(`no route ${method} ${path}`) };
  };

  const handler = ({ method, path, headers, json }: RecordedRequest) => {
    if (headers.authorization !== expectedAuthorization) return { status: 401, body: JIRA_ERROR('You are not authenticated. Authentication required to perform this operation.') };
    const url = new URL(path, 'http://jira.invalid');
    const answer = route(method, url, json);
    const toLose = answer.status < 400 ? options.loseAnswerOnce?.find((p) => !lost.has(p) && p.test(`${method} ${url.pathname}`)) : undefined;
    if (toLose) {
      lost.add(toLose);
      return { status: 502, body: JIRA_ERROR('Bad gateway') };
    }
    return answer;
  };
  return Object.assign(handler, { issues });
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
