import { Hono } from 'hono';
import { ExportQuerySchema, type Services } from '../../services/index.js';
import type { AppEnv } from '../env.js';

/** A model's exports, by `format`. Mounted at /api/models/:modelId (agent and admin keys: read-only). */
export function exportRoutes(services: Services) {
  return new Hono<AppEnv>().get('/export', async (c) => {
    const { format } = ExportQuerySchema.parse(c.req.query());
    const modelId = c.req.param('modelId')!;
    switch (format) {
      case 'audit': {
        const { bytes, fileName } = await services.auditPackage.build(c.var.workspaceId, modelId);
        return c.body(new Uint8Array(bytes), 200, { 'content-type': 'application/x-tar', 'content-disposition': `attachment; filename="${fileName}"` });
      }
    }
  });
}
