import type { Db } from 'mongodb';
import { createApiKeyStore } from './api-keys.js';
import { createAssertionStore } from './assertions.js';
import { createAssuranceStore } from './assurance.js';
import { createCiKeyStore } from './ci-keys.js';
import { ensureCounterIndexes } from './counters.js';
import { createFindingStore } from './findings.js';
import { createInstanceCredentialStore } from './instance-credentials.js';
import { migrateToKeyedIds } from './keyed-ids-migration.js';
import { createModelStore } from './models.js';
import { createRunStore } from './runs.js';
import { createSufficiencyDecisionStore } from './sufficiency-decisions.js';
import { createWorkspaceStore } from './workspaces.js';

export { connectDatabase, type Database } from './database.js';
export { isTransientIoError } from './transient-error.js';
export type { ApiKeyStore } from './api-keys.js';
export type { AssertionStore, StoredAssertion } from './assertions.js';
export type { AssuranceSnapshot, AssuranceStore, StoredDriftEvent } from './assurance.js';
export type { FindingStore } from './findings.js';
export type { RunStore, RunSubmission } from './runs.js';
export type { StoredSufficiencyDecision, SufficiencyDecisionStore } from './sufficiency-decisions.js';
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
    assertions: createAssertionStore(db),
    runs: createRunStore(db),
    assurance: createAssuranceStore(db),
    findings: createFindingStore(db),
    instanceCredentials: createInstanceCredentialStore(db),
    sufficiencyDecisions: createSufficiencyDecisionStore(db),
  };
  return {
    ...stores,
    /** Brings the database to this layout (documents of an earlier one migrated first), then its indexes. */
    async ensureIndexes(): Promise<void> {
      await migrateToKeyedIds(db);
      await ensureCounterIndexes(db);
      for (const store of Object.values(stores)) await store.ensureIndexes();
    },
  };
}

export type Stores = ReturnType<typeof createStores>;
