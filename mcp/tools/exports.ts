import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ModelIdSchema, defineTool, type ToolContext } from '../tool.js';

export function registerExportTools(server: McpServer, context: ToolContext): void {
  const { services, principal } = context;

  defineTool(
    server,
    context,
    {
      name: 'export_model',
      title: 'Export a model for audit',
      description:
        'The signed audit package of a model (format "audit"): one tar file with the model versions, every assertion, every run envelope as CI sent it with its verdict, CI keys, policy, posture history, drift and findings, and a manifest signed by the platform key. Returned as base64 in `base64` (with its sha256 and size); save it to a file and hand it to an auditor, who checks it offline with `assay-verify audit FILE --platform-key KID`. Read-only: it changes nothing.',
      input: z.object({ modelId: ModelIdSchema, format: z.literal('audit').default('audit').describe('Only "audit" here.') }),
      annotations: { readOnlyHint: true, idempotentHint: true },
    },
    async ({ modelId, format }) => {
      const { bytes, fileName, manifest } = await services.auditPackage.build(principal.workspaceId, modelId);
      return {
        modelId,
        format,
        fileName,
        mediaType: 'application/x-tar',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        platformKid: manifest.platformKid,
        createdAt: manifest.createdAt,
        base64: bytes.toString('base64'),
      };
    },
  );
}
