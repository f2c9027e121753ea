import type { Hono } from 'hono';
import { z } from 'zod';
import {
  CreateFindingRequestSchema,
  CreateModelRequestSchema,
  FindingActionSchema,
  SetPolicyRequestSchema,
  SetTrustedIssuersRequestSchema,
  SubmitAssertionsRequestSchema,
  SubmitRunRequestSchema,
} from '../services/index.js';
import { CreateWorkspaceRequestSchema } from '../services/instance.js';
import { CreateKeyRequestSchema, RegisterCiKeyRequestSchema } from '../services/keys.js';
import { RejectProposalRequestSchema } from '../services/model-proposals.js';
import { RefineModelRequestSchema } from '../services/model-workflows.js';
import type { AppEnv } from './env.js';

/** Request bodies by route, from the same zod schemas the handlers parse with. */
const BODIES: Record<string, z.ZodType> = {
  'POST /api/models': CreateModelRequestSchema,
  'POST /api/models/:id/refine': RefineModelRequestSchema,
  'POST /api/models/:modelId/assertions': SubmitAssertionsRequestSchema,
  'POST /api/models/:modelId/proposals/:proposalId/reject': RejectProposalRequestSchema,
  'POST /api/models/:modelId/findings': CreateFindingRequestSchema,
  'POST /api/models/:modelId/findings/:findingId/actions': FindingActionSchema,
  'POST /api/ci/models/:modelId/runs': SubmitRunRequestSchema,
  'PUT /api/workspace/policy': SetPolicyRequestSchema,
  'PUT /api/workspace/trusted-issuers': SetTrustedIssuersRequestSchema,
  'POST /api/workspace/keys': CreateKeyRequestSchema,
  'POST /api/workspace/ci-keys': RegisterCiKeyRequestSchema,
  'POST /instance/workspaces': CreateWorkspaceRequestSchema,
};

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

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
    const body = BODIES[key];
    for (const { path, params } of expandRoutePath(route.path)) {
      paths[path] ??= {};
      paths[path]![method.toLowerCase()] = {
        tags: [path.split('/')[2] ?? path.split('/')[1]],
        ...(params.length ? { parameters: params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })) } : {}),
        ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(body) } } } } : {}),
        ...(path === '/health' ? { security: [] } : {}),
        responses: {
          '2XX': { description: 'Success (JSON)' },
          '4XX': { description: '`{error, message}`: bad input (400), missing key (401), scope (403), unknown id (404), conflict (409), too large (413)' },
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
