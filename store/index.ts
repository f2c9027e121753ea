import type { Db } from 'mongodb';
import { cachedApiKeyStore, createApiKeyStore } from './api-keys.js';
import { createAssertionStore } from './assertions.js';
import { createAssuranceStore } from './assurance.js';
import { createCiKeyStore } from './ci-keys.js';
import { ensureCounterIndexes } from './counters.js';
import { createEvidenceCheckpointStore } from './evidence-checkpoints.js';
import { createEvidenceLogStore } from './evidence-log.js';
import { createFindingStore } from './findings.js';
import { createInstanceCredentialStore } from './instance-credentials.js';
import { createIntegrationLinkStore } from './integration-links.js';
import { createIntegrationSettingsStore } from './integration-settings.js';
import { migrateToKeyedIds } from './keyed-ids-migration.js';
import { migrateToPendingRuns } from './pending-runs-migration.js';
import { createModelStore } from './models.js';
import { createRunStore } from './runs.js';
import { createSessionStore } from './sessions.js';
import { createSufficiencyDecisionStore } from './sufficiency-decisions.js';
import { createWebhookDeliveryStore } from './webhook-deliveries.js';
import { createWebhookSubscriptionStore } from './webhook-subscriptions.js';
import { cachedWorkspaceStore, createWorkspaceStore } from './workspaces.js';
import type { ReadCacheOptions } from './read-cache.js';

export { connectDatabase, type Database } from './database.js';
export { isTransientIoError } from './transient-error.js';
export type { ApiKeyStore } from './api-keys.js';
export { READ_CACHE_TTL_MS, type ReadCacheOptions } from './read-cache.js';
export type { AssertionStore, StoredAssertion } from './assertions.js';
export type { AssuranceSnapshot, AssuranceStore, StoredDriftEvent } from './assurance.js';
export type { FindingStore } from './findings.js';
export type { RunClaimKey, RunClaims, RunRecords, RunStore, RunSubmission } from './runs.js';
export type { SessionStore } from './sessions.js';
export type { StoredSufficiencyDecision, SufficiencyDecisionStore } from './sufficiency-decisions.js';
export type { EvidenceLogStore } from './evidence-log.js';
export type { EvidenceCheckpointStore, LoggedEvidence } from './evidence-checkpoints.js';
export type { CiKeyRecord, CiKeyStore } from './ci-keys.js';
export type { ModelStore } from './models.js';
export type { WorkspaceStore } from './workspaces.js';
export { createSecretBox, keylessSecretBox, loadSecretsKey, type SealedSecret, type SecretBox } from './secret-box.js';
export { createIntegrationSecrets, type IntegrationSecrets, type OpenedJiraSettings, type OpenedSlackSettings } from './integration-secrets.js';
export type { IntegrationSettings } from './integration-settings.js';

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
    evidenceLog: createEvidenceLogStore(db),
    evidenceCheckpoints: createEvidenceCheckpointStore(db),
    integrationSettings: createIntegrationSettingsStore(db),
    integrationLinks: createIntegrationLinkStore(db),
    webhookSubscriptions: createWebhookSubscriptionStore(db),
    webhookDeliveries: createWebhookDeliveryStore(db),
    sessions: createSessionStore(db),
  };
  return {
    ...stores,
    /** Brings the database to this layout (documents of an earlier one migrated first), then its indexes. */
    async ensureIndexes(): Promise<void> {
      await migrateToKeyedIds(db);
      await migrateToPendingRuns(db);
      await ensureCounterIndexes(db);
      for (const store of Object.values(stores)) await store.ensureIndexes();
    },
  };
}

export type Stores = ReturnType<typeof createStores>;

/**
 * The stores of the API process: API keys and workspaces, read by nearly every request, served
 * from memory for at most READ_CACHE_TTL_MS (store/read-cache.ts), and dropped at once by this
 * process's own writes. Every other store is the same object as in `stores`. The worker keeps
 * the uncached `stores`: it verifies CI runs against trusted identities and policy that another
 * process (this API) changes, and none of this process's invalidation would reach it.
 */
export function withCachedReads(stores: Stores, options: ReadCacheOptions = {}): Stores {
  return { ...stores, apiKeys: cachedApiKeyStore(stores.apiKeys, options), workspaces: cachedWorkspaceStore(stores.workspaces, options) };
}
