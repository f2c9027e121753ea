import { createIntegrationSecrets, keylessSecretBox, type SecretBox, type Stores } from '../store/index.js';
import { createAssuranceActivities } from './assurance.js';
import { createFindingActivities } from './findings.js';
import type { GenerationEngine } from './generation/engine.js';
import { createGenerationActivities } from './generation/generation-activities.js';
import { createOfflineEngine } from './generation/offline/offline-engine.js';
import { createRefinementActivities, createWorkflowOutcomeActivities } from './generation/refinement-activities.js';
import { createJiraActivities } from './integrations/jira-activities.js';
import { createSlackActivities } from './integrations/slack-activities.js';
import { createTriggeredModelActivities } from './integrations/triggered-models.js';
import { createWebhookActivities } from './integrations/webhook-activities.js';

/** Everything activities may touch; only worker/ builds the real ones. */
export interface ActivityDeps {
  stores: Stores;
  /** Deprecated drift notifications (Slack-compatible incoming webhook, ASSAY_WEBHOOK_URL); unset = none. */
  webhookUrl?: string;
  /** Opens integration secrets (Jira, Slack, webhook subscriptions); without it those integrations fail. */
  secrets?: SecretBox;
  /** Base of the links messages carry (ASSAY_PUBLIC_URL). */
  publicUrl?: string;
  /** Slack's Web API (ASSAY_SLACK_API_URL). */
  slackApiUrl?: string;
  /** Threat-model generator (activities/generation/create-engine.ts builds it from config); the offline catalogue if unset. */
  engine?: GenerationEngine;
}

export function createActivities(deps: ActivityDeps) {
  const generation = { engine: deps.engine ?? createOfflineEngine(), models: deps.stores.models };
  const secrets = createIntegrationSecrets(deps.stores.integrationSettings, deps.secrets ?? keylessSecretBox());
  const publicUrl = (deps.publicUrl ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const integrations = { stores: deps.stores, secrets, dashboardUrl: (path: string) => `${publicUrl}${path}` };
  return {
    ...createGenerationActivities(generation),
    ...createRefinementActivities(generation),
    ...createWorkflowOutcomeActivities(deps.stores.models),
    ...createAssuranceActivities(deps),
    ...createFindingActivities(deps),
    ...createTriggeredModelActivities(deps),
    ...createJiraActivities(integrations),
    ...createSlackActivities({ ...integrations, slackApiUrl: deps.slackApiUrl ?? 'https://slack.com/api' }),
    ...createWebhookActivities(integrations),
  };
}

export type Activities = ReturnType<typeof createActivities>;
