import type { Db } from 'mongodb';
import { createApiKeyStore } from './api-keys.js';
import { createCiKeyStore } from './ci-keys.js';
import { createModelStore } from './models.js';
import { createWorkspaceStore } from './workspaces.js';

export { connectDatabase, type Database } from './database.js';
export type { ApiKeyStore } from './api-keys.js';
export type { CiKeyRecord, CiKeyStore } from './ci-keys.js';
export type { ModelStore } from './models.js';
export type { WorkspaceStore } from './workspaces.js';

/** Every repository over one database. */
export function createStores(db: Db) {
  const stores = {
    models: createModelStore(db),
    workspaces: createWorkspaceStore(db),
    apiKeys: createApiKeyStore(db),
    ciKeys: createCiKeyStore(db),
  };
  return {
    ...stores,
    async ensureIndexes(): Promise<void> {
      for (const store of Object.values(stores)) await store.ensureIndexes();
    },
  };
}

export type Stores = ReturnType<typeof createStores>;
