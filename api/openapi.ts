import type { Hono } from 'hono';
import { z } from 'zod';
import { RESPONSES, type SuccessResponse } from './openapi-responses.js';
import { BODIES, ErrorResponseSchema, QUERIES, entityEditBody } from './openapi-schemas.js';
import type { AppEnv } from './env.js';

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

/** Responses may gain fields (clients ignore unknown ones), so output objects stay open. */
function responseSchema(schema: z.ZodType): unknown {
  const open = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(open);
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(Object.entries(node).filter(([key, value]) => !(key === 'additionalProperties' && value === false)).map(([key, value]) => [key, open(value)]));
  };
  return open(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }));
}

const json = (schema: unknown) => ({ 'application/json': { schema } });

/** The declared success answer of one operation, and the 503 of a route that depends on a service that may be down. */
function successResponses({ status, schema, unavailable, alsoAs = {} }: SuccessResponse, path: string): Record<string, unknown> {
  const body = typeof schema === 'function' ? schema(path) : schema;
  const others = Object.fromEntries(Object.entries(alsoAs).map(([type, other]) => [type, { schema: responseSchema(other) }]));
  return {
    [status]: { description: body ? 'Success' : 'Success (no content)', ...(body ? { content: { ...json(responseSchema(body)), ...others } } : {}) },
    ...(unavailable
      ? {
          503: {
            description: unavailable.retryAfter ? 'A service it depends on is unreachable; retry after `Retry-After` seconds' : 'A service it depends on is unreachable',
            ...(unavailable.retryAfter ? { headers: { 'Retry-After': { required: true, description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } } } } : {}),
            content: json(responseSchema(unavailable.schema)),
          },
        }
      : {}),
  };
}

/** `name` of a query schema → one OpenAPI query parameter per property. */
function queryParameters(schema: z.ZodObject | undefined): unknown[] {
  if (!schema) return [];
  const { properties = {}, required = [] } = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(properties).map(([name, property]) => ({ name, in: 'query', required: required.includes(name), schema: property }));
}

/** `/a/:id/:kind{x|y}` → one OpenAPI path per alternative, with `{id}` parameters. */
export function expandRoutePath(path: string): Array<{ path: string; params: string[] }> {
  const alternatives = /:(\w+)\{([^}]+)\}/.exec(path);
  if (alternatives) return alternatives[2]!.split('|').flatMap((kind) => expandRoutePath(path.replace(alternatives[0], kind)));
  const params = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  return [{ path: path.replace(/:(\w+)/g, '{$1}'), params }];
}

/**
 * The OpenAPI 3.1 document of the app, derived from its registered routes (so it cannot list a
 * route that does not exist or miss one that does) and the zod schemas of their bodies.
 */
export function openApiDocument(app: Hono<AppEnv>): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const seen = new Set<string>();
  for (const route of app.routes) {
    const method = route.method === 'ALL' && route.path === '/mcp' ? 'POST' : route.method;
    const key = `${method} ${route.path}`;
    if (method === 'ALL' || seen.has(key)) continue;
    seen.add(key);
    const success = RESPONSES[key];
    const query = queryParameters(QUERIES[key]);
    const error = { content: json(responseSchema(ErrorResponseSchema)) };
    for (const { path, params } of expandRoutePath(route.path)) {
      const body = BODIES[key] ?? entityEditBody(method, path);
      const parameters = [...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })), ...query];
      paths[path] ??= {};
      paths[path]![method.toLowerCase()] = {
        tags: [path.split('/')[2] ?? path.split('/')[1]],
        ...(parameters.length ? { parameters } : {}),
        ...(body ? { requestBody: { required: true, content: json(jsonSchema(body)) } } : {}),
        ...(path === '/health' ? { security: [] } : {}),
        responses: {
          ...(success ? successResponses(success, path) : {}),
          '4XX': { description: '`{error, message}`: bad input (400), missing key (401), scope (403), unknown id (404), conflict (409), too large (413)', ...error },
        },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Assay API', version: '0.1.0', description: 'Threat models, assertions, signed verification runs, posture and findings. See README.md.' },
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
    security: [{ apiKey: [] }, { bearer: [] }],
    paths,
  };
}
