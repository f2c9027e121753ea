import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z, ZodError } from 'zod';
import type { ApiKeyScope } from '../domain/schemas/api-key.js';
import { CanonicalJsonError } from '../domain/canonical-json.js';
import { loneSurrogatePath } from '../domain/well-formed-text.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, type Principal, type Services } from '../services/index.js';

/** What every tool handler works with: the shared use cases and the caller's key. */
export interface ToolContext {
  services: Services;
  /** The authenticated key: its workspace confines every call, its scopes decide which tools answer. */
  principal: Principal;
}

/**
 * Every tool here is an agent tool: an agent key reads the model and submits claims, an admin key
 * may act for it. A verifier key (CI) talks REST and is refused here.
 */
const AGENT_SCOPES: readonly ApiKeyScope[] = ['agent', 'admin'];

export interface ToolSpec<Input extends z.ZodObject> {
  name: string;
  title: string;
  /** Tells an agent when to call the tool and what to do with the answer. */
  description: string;
  input: Input;
  annotations: Omit<ToolAnnotations, 'title'>;
}

/** The answer as pretty JSON text, and as structured content for clients that read it. */
export function jsonResult(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: value };
}

export function errorResult(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** The single error mapping of the MCP surface: use-case errors become messages the agent can act on. */
export function toolErrorMessage(error: unknown): string {
  if (error instanceof ZodError) return `invalid input:\n${z.prettifyError(error)}`;
  if (error instanceof NotFoundError || error instanceof InvalidInputError || error instanceof ConflictError || error instanceof ForbiddenError || error instanceof CanonicalJsonError) return error.message;
  console.error('[mcp] tool call failed:', error);
  return 'internal error: the call could not be completed (details are in the server log); retry later';
}

function scopeDenial(principal: Principal): string | null {
  if (AGENT_SCOPES.some((scope) => principal.scopes.includes(scope))) return null;
  return `this API key has scope ${principal.scopes.join(', ')}; ${AGENT_SCOPES.join(' or ')} is needed for this tool`;
}

/**
 * Registers a tool whose handler only parses, calls a service and shapes the answer. Scopes are
 * checked in the handler so a refused call is an `isError` result the agent can read, not a 403.
 */
export function defineTool<Input extends z.ZodObject>(
  server: McpServer,
  context: ToolContext,
  spec: ToolSpec<Input>,
  run: (input: z.output<Input>) => Promise<Record<string, unknown>>,
): void {
  // Widened to the plain object schema so the SDK's conditional callback type resolves.
  const inputSchema: z.ZodObject = spec.input;
  server.registerTool(
    spec.name,
    { title: spec.title, description: spec.description, inputSchema, annotations: { title: spec.title, ...spec.annotations } },
    async (args) => {
      const denial = scopeDenial(context.principal);
      if (denial) return errorResult(denial);
      // Text MongoDB would store altered is refused, so what is stored is what the agent sent.
      const illFormed = loneSurrogatePath(args);
      if (illFormed !== null) return errorResult(`invalid input: ${illFormed} contains a lone UTF-16 surrogate`);
      try {
        // The SDK has already validated `args` against `spec.input`.
        return jsonResult(await run(args as z.output<Input>));
      } catch (error) {
        return errorResult(toolErrorMessage(error));
      }
    },
  );
}

/** Model ids as the platform allocates them (`M1`, `M2`, ...). */
export const ModelIdSchema = z.string().regex(/^M\d+$/, 'a model id looks like M1').describe('The threat model id, e.g. "M1" (from list_threat_models or generate_threat_model).');
