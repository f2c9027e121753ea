import { printJson, readJson, type AdminDeps } from './io.js';

/** `workspace`: the workspace, its policy and trusted CI OIDC issuers. */
export async function workspaceCommand({ client, io }: AdminDeps): Promise<void> {
  printJson(io, await client.workspace('GET', '/api/workspace'));
}

/** `policy verified|tier1`: which control level counts towards mitigated (the platform validates the word). */
export async function policyCommand(options: { level: string }, { client, io }: AdminDeps): Promise<void> {
  printJson(io, await client.workspace('PUT', '/api/workspace/policy', { requiredLevel: options.level }));
}

/** `trusted-issuers FILE`: replaces the trusted CI OIDC issuers with a JSON array of {provider, issuer, audience, repositories}. */
export async function trustedIssuersCommand(options: { file: string }, { client, io }: AdminDeps): Promise<void> {
  printJson(io, await client.workspace('PUT', '/api/workspace/trusted-issuers', { issuers: await readJson(options.file) }));
}
