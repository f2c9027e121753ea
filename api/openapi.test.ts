import { describe, expect, it } from 'vitest';
import type { Services } from '../services/index.js';
import { createApp, type McpHandler } from './app.js';

// The routes only capture services; serving the document calls none of them (nor the MCP handler).
const app = createApp({} as Services, { mcp: (() => Promise.reject(new Error('not called'))) as McpHandler });

describe('GET /openapi.json', () => {
  it('documents every registered route, without a key', async () => {
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const route of app.routes.filter((r) => r.method !== 'ALL')) {
      const path = route.path.replace(/:(\w+)\{([^}|]+)[^}]*\}/, '$2').replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
    expect(doc.paths['/api/models/{id}/controls/{entityId}']?.patch).toBeDefined();
  });

  it('describes request bodies with the schemas the handlers parse', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> } }>> };
    const create = doc.paths['/api/models']!.post!.requestBody!.content['application/json']!.schema;
    expect(create.properties).toHaveProperty('description');
    expect(create.required).toContain('description');
    expect(doc.paths['/api/ci/models/{modelId}/runs']!.post!.requestBody!.content['application/json']!.schema.properties).toHaveProperty('envelope');
  });

  it('declares query parameters, entity edit bodies and response schemas, so a fuzzer can check answers', async () => {
    type Operation = { parameters?: Array<{ name: string; in: string; required: boolean }>; requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> }; responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }> };
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, Operation>> };
    const diff = doc.paths['/api/models/{id}/diff']!.get!;
    expect(diff.parameters!.filter((p) => p.in === 'query').map((p) => [p.name, p.required])).toEqual([['from', true], ['to', true]]);
    expect(doc.paths['/api/models']!.get!.parameters!.find((p) => p.name === 'limit')).toMatchObject({ in: 'query', required: false });
    // The key-paged lists: `limit` and `after` in, `next` out.
    for (const [path, member] of [['/api/models/{modelId}/findings', 'findings'], ['/api/models/{modelId}/assertions', 'assertions'], ['/api/models/{modelId}/drift', 'events'], ['/api/models/{modelId}/runs', 'runs']] as const) {
      const list = doc.paths[path]!.get!;
      expect(list.parameters!.filter((p) => p.in === 'query' && ['limit', 'after'].includes(p.name)).map((p) => [p.name, p.required]), path).toEqual([['limit', false], ['after', false]]);
      expect(Object.keys(list.responses['200']!.content!['application/json']!.schema.properties!).sort(), path).toEqual([member, 'next'].sort());
    }
    expect(doc.paths['/api/models/{modelId}/findings']!.get!.parameters!.map((p) => p.name)).toContain('status');
    expect(doc.paths['/api/models/{id}/assets']!.post!.requestBody!.content['application/json']!.schema.properties).toHaveProperty('impact');
    expect(doc.paths['/api/models/{id}/controls/{entityId}']!.patch!.requestBody!.content['application/json']!.schema.properties).toHaveProperty('status');
    const get = doc.paths['/api/models/{id}']!.get!;
    expect(get.responses['200']!.content!['application/json']!.schema.properties).toHaveProperty('model');
    expect(get.responses['4XX']!.content!['application/json']!.schema.properties).toHaveProperty('message');
  });

  it('declares a success response for every operation: its status and, unless 204, its JSON (or file) schema', async () => {
    type Response = { content?: Record<string, { schema?: Record<string, unknown> }> };
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: Record<string, Response> }>> };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })));
    expect(operations.length).toBeGreaterThanOrEqual(61);
    expect(operations.map((o) => o.name)).toContain('POST /mcp');
    const undescribed = operations.filter(({ op }) => {
      const statuses = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s));
      if (statuses.length !== 1 || '2XX' in op.responses) return true;
      const success = op.responses[statuses[0]!]!;
      if (statuses[0] === '204') return success.content !== undefined;
      // JSON, or the declared media type of a file download (an export).
      const [media] = Object.keys(success.content ?? {});
      const schema = media === undefined ? undefined : success.content![media]!.schema;
      // A schema that says something beyond its dialect (`type`, `anyOf`, `oneOf`, …).
      return !schema || Object.keys(schema).every((k) => k === '$schema');
    });
    expect(undescribed.map((o) => o.name)).toEqual([]);
  });

  it('declares the 503 with Retry-After that run submission answers while Temporal or the database is down', async () => {
    type Response = { headers?: Record<string, { required?: boolean; schema?: { type?: string } }>; content?: Record<string, { schema: { properties?: Record<string, unknown> } }> };
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: Record<string, Response> }>> };
    const unavailable = doc.paths['/api/ci/models/{modelId}/runs']!.post!.responses['503']!;
    expect(unavailable.headers?.['Retry-After']).toMatchObject({ required: true, schema: { type: 'integer' } });
    expect(unavailable.content!['application/json']!.schema.properties).toHaveProperty('message');
    expect(doc.paths['/health']!.get!.responses['503']!.content!['application/json']!.schema.properties).toHaveProperty('mongo');
    const entity = doc.paths['/api/models/{id}/controls/{entityId}']!.patch!.responses['200']! as { content: Record<string, { schema: { properties: { entity: { properties: Record<string, unknown> } } } }> };
    expect(entity.content['application/json']!.schema.properties.entity.properties).toHaveProperty('verificationCriteria');
  });
});
