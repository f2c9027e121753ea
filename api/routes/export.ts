import { Hono } from 'hono';
import { ExportQuerySchema, type Services } from '../../services/index.js';
import type { AppEnv } from '../env.js';

/**
 * The report needs nothing but its own inline CSS: a policy that allows nothing else keeps hostile
 * model text inert even if escaping ever failed.
 */
const HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * `GET /api/models/:id/export?format=oscal|sarif|html`: reads, for the keys that read a model
 * (agent, admin: /api/models/* is theirs); a verifier key exports nothing. Mounted at /api/models.
 */
export function exportRoutes(services: Services) {
  return new Hono<AppEnv>().get('/:id/export', async (c) => {
    const { format } = ExportQuerySchema.parse(c.req.query());
    const file = await services.exports.export(c.var.workspaceId, c.req.param('id'), format);
    const html = format === 'html';
    return c.body(file.body, 200, {
      'content-type': file.contentType,
      'content-disposition': `${html ? 'inline' : 'attachment'}; filename="${file.filename}"`,
      'x-content-type-options': 'nosniff',
      ...(html ? { 'content-security-policy': HTML_POLICY } : {}),
    });
  });
}
