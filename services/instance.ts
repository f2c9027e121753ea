import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { sha256Hex } from '../domain/canonical-json.js';
import { DEFAULT_WORKSPACE_POLICY, type Workspace } from '../domain/schemas/workspace.js';
import type { ServiceDeps } from './deps.js';
import { ConflictError } from './errors.js';
import type { ApiKeyView, KeyService } from './keys.js';

export const CreateWorkspaceRequestSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, at most 63'),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type CreateWorkspaceRequest = z.infer<typeof CreateWorkspaceRequestSchema>;

export interface CreatedWorkspace {
  workspace: Workspace;
  /** The workspace's first admin key; its secret is shown once. */
  adminKey: { secret: string; key: ApiKeyView };
}

const INSTANCE_KEY_PREFIX = 'assay_instance_';

/**
 * The instance administrator: a credential of its own (never a workspace key), which creates and
 * lists workspaces and hands out each one's first admin key. It reads nothing inside a workspace.
 */
export function createInstanceService(deps: ServiceDeps, keys: KeyService) {
  const now = () => (deps.now ?? (() => new Date()))().toISOString();
  const { instanceCredentials, workspaces } = deps.stores;

  return {
    /**
     * Installs the instance credential: the configured key (ASSAY_INSTANCE_ADMIN_KEY) when given,
     * else a generated one on the first start, whose secret is returned so it is shown once.
     */
    async bootstrap(configuredKey?: string): Promise<string | null> {
      if (configuredKey) {
        await instanceCredentials.replace(sha256Hex(configuredKey), now());
        return null;
      }
      const secret = INSTANCE_KEY_PREFIX + randomBytes(32).toString('base64url');
      return (await instanceCredentials.insertIfAbsent(sha256Hex(secret), now())) ? secret : null;
    },

    async authenticate(secret: string): Promise<boolean> {
      const stored = await instanceCredentials.get();
      return stored !== null && stored.hash === sha256Hex(secret);
    },

    listWorkspaces: () => workspaces.list(),

    async createWorkspace(request: CreateWorkspaceRequest): Promise<CreatedWorkspace> {
      const workspace: Workspace = { id: request.id, name: request.name ?? request.id, createdAt: now(), policy: DEFAULT_WORKSPACE_POLICY, trustedIdentities: [] };
      if (!(await workspaces.ensure(workspace))) throw new ConflictError(`workspace ${request.id} already exists`);
      const adminKey = await keys.create(workspace.id, { name: 'first admin', scopes: ['admin'] });
      return { workspace, adminKey };
    },
  };
}

export type InstanceService = ReturnType<typeof createInstanceService>;
