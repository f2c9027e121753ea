import { describe, expect, it } from 'vitest';
import type { Services } from '../services/index.js';
import { createApp } from './app.js';

// The routes only capture services; serving the document calls none of them.
const app = createApp({} as Services);

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
    expect(doc.paths['/api/models/{id}/assets']!.post!.requestBody!.content['application/json']!.schema.properties).toHaveProperty('impact');
    expect(doc.paths['/api/models/{id}/controls/{entityId}']!.patch!.requestBody!.content['application/json']!.schema.properties).toHaveProperty('status');
    const get = doc.paths['/api/models/{id}']!.get!;
    expect(get.responses['200']!.content!['application/json']!.schema.properties).toHaveProperty('model');
    expect(get.responses['4XX']!.content!['application/json']!.schema.properties).toHaveProperty('message');
  });
});
