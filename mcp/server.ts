import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Principal, Services } from '../services/index.js';
import { registerAssertionTools } from './tools/assertions.js';
import { registerAssuranceTools } from './tools/assurance.js';
import { registerControlTools } from './tools/controls.js';
import { registerExportTools } from './tools/exports.js';
import { registerFindingTools } from './tools/findings.js';
import { registerModelTools } from './tools/models.js';
import { registerOperationTools } from './tools/operations.js';
import { registerProposalTools } from './tools/proposals.js';

export const MCP_SERVER_INFO = { name: 'assay', version: '0.1.0' };

const INSTRUCTIONS = `Assay keeps the threat model of this project and the evidence that each security control is implemented.
Typical loop: list_threat_models (or generate_threat_model) → get_controls → implement a control in the code → submit_assertions that prove it → update_control_status "implemented" → CI verifies and signs → get_verification_report / assess_posture.
Report problems you find with submit_finding. Long operations return an operationId: poll get_operation_status with it.
You never send source code: assertions name files, symbols and patterns; CI checks them against the repository.`;

/**
 * The MCP server of one authenticated key: every tool acts in `principal.workspaceId` and checks
 * its scopes. Transports (stdio.ts, http.ts) only connect it.
 */
export function buildMcpServer(services: Services, principal: Principal): McpServer {
  const server = new McpServer(MCP_SERVER_INFO, { instructions: INSTRUCTIONS });
  const context = { services, principal };
  registerModelTools(server, context);
  registerControlTools(server, context);
  registerAssertionTools(server, context);
  registerFindingTools(server, context);
  registerAssuranceTools(server, context);
  registerOperationTools(server, context);
  registerProposalTools(server, context);
  registerExportTools(server, context);
  return server;
}
