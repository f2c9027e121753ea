import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isInitializeRequest, isJSONRPCRequest, isJSONRPCResultResponse, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';

/** The platform side of the relay: the SDK's Streamable HTTP client transport has this shape. */
export interface UpstreamTransport extends Transport {
  setProtocolVersion?(version: string): void;
}

/**
 * Joins an agent's transport to the platform's MCP endpoint and adds nothing: every tool, scope
 * check and error message is the platform's own. A request the platform cannot answer gets a
 * JSON-RPC error, so the agent is never left waiting.
 */
export async function relay(agent: Transport, platform: UpstreamTransport, log: (message: string) => void): Promise<void> {
  const initializing = new Set<RequestId>();
  agent.onmessage = (message: JSONRPCMessage) => {
    if (isJSONRPCRequest(message) && isInitializeRequest(message)) initializing.add(message.id);
    platform.send(message).catch((error: Error) => {
      log(`the platform refused or did not answer ${isJSONRPCRequest(message) ? message.method : 'a message'}: ${error.message}`);
      if (isJSONRPCRequest(message)) {
        void agent.send({ jsonrpc: '2.0', id: message.id, error: { code: -32603, message: `the Assay platform did not answer: ${error.message}` } });
      }
    });
  };
  platform.onmessage = (message: JSONRPCMessage) => {
    // Later HTTP requests must carry the version the platform negotiated.
    if (isJSONRPCResultResponse(message) && initializing.delete(message.id) && typeof message.result.protocolVersion === 'string') {
      platform.setProtocolVersion?.(message.result.protocolVersion);
    }
    void agent.send(message);
  };
  platform.onerror = (error) => log(`platform transport: ${error.message}`);
  agent.onerror = (error) => log(`stdio transport: ${error.message}`);
  await platform.start();
  await agent.start();
}
