import { decideJiraDelivery, JiraWebhookPayloadSchema, type JiraAction } from '../domain/integrations/jira-delivery.js';
import { checkJiraSignature } from '../domain/integrations/signatures.js';
import { workflowIds } from '../temporal.config.js';
import { jiraIssueTrigger } from '../workflows/index.js';
import type { ServiceDeps } from './deps.js';
import { ConflictError, InvalidInputError, NotFoundError, UnauthorizedError } from './errors.js';
import type { FindingService } from './findings.js';
import type { IntegrationSettingsService } from './integration-settings.js';
import { startOnce } from './start-workflow.js';

export interface JiraDelivery {
  /** The raw body: the signature covers these bytes, not a re-serialisation. */
  body: Uint8Array;
  signature: string | undefined;
  /** `X-Atlassian-Webhook-Identifier`: the same for every retry of one delivery. */
  deliveryId: string | undefined;
}

export interface JiraDeliveryResult {
  status: 'accepted' | 'ignored';
  action: JiraAction['kind'];
  reason?: string;
  workflowId?: string;
}

/** `POST /api/integrations/jira/webhook`: a signed, fresh, first-seen delivery, and what it starts. */
export function createJiraWebhookService(deps: ServiceDeps, settings: IntegrationSettingsService, findings: FindingService) {
  const now = () => (deps.now ?? (() => new Date()))();
  const { integrationLinks } = deps.stores;

  async function start(workspaceId: string, deliveryId: string, action: Extract<JiraAction, { kind: 'generate' | 'refine' }>): Promise<string> {
    const workflowId = workflowIds.jiraIssueTrigger(workspaceId, action.issueKey, deliveryId);
    // A retry racing its first attempt finds that attempt's workflow: it is the one.
    await startOnce(deps, jiraIssueTrigger, { workflowId, args: [{ workspaceId, ...action }] });
    return workflowId;
  }

  return {
    async receive(workspaceId: string, delivery: JiraDelivery): Promise<JiraDeliveryResult> {
      const jira = await settings.secrets.jira(workspaceId);
      if (!jira) throw new NotFoundError(`workspace ${workspaceId} has no Jira integration`);
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(delivery.body));
      } catch {
        json = undefined;
      }
      const timestampMs = Number((json as { timestamp?: unknown } | undefined)?.timestamp);
      const check = checkJiraSignature({ secret: jira.webhookSecret, body: delivery.body, header: delivery.signature, timestampMs, nowMs: now().getTime() });
      if (!check.ok) {
        throw new UnauthorizedError(
          { missing_signature: 'missing X-Hub-Signature: sha256=…', bad_signature: 'X-Hub-Signature does not match the body', stale: 'stale delivery: its timestamp is more than 5 minutes away' }[check.reason],
        );
      }
      if (!delivery.deliveryId || delivery.deliveryId.length > 200) throw new InvalidInputError('missing X-Atlassian-Webhook-Identifier');
      // Signed and fresh, but acted on already: the same bytes sent again are refused.
      if (await integrationLinks.seen(workspaceId, delivery.deliveryId)) throw new ConflictError(`delivery ${delivery.deliveryId} was received already (replay refused)`);
      const payload = JiraWebhookPayloadSchema.parse(json);
      const key = payload.issue.key;
      const [model, finding] = await Promise.all([integrationLinks.byExternalId(workspaceId, 'jira_model', key), integrationLinks.byExternalId(workspaceId, 'jira_finding', key)]);
      const action = decideJiraDelivery(payload, { projectKeys: jira.projectKeys, triggerLabel: jira.triggerLabel, wontFixStatus: jira.findings?.wontFixStatus }, {
        modelId: model?.modelId,
        finding: finding?.findingId ? { modelId: finding.modelId, findingId: finding.findingId } : undefined,
      });
      let result: JiraDeliveryResult;
      switch (action.kind) {
        case 'ignore':
          result = { status: 'ignored', action: action.kind, reason: action.reason };
          break;
        case 'dismiss_finding':
          // The admin granted Jira this one right by configuring the status; it is recorded as Jira's.
          await findings.act(workspaceId, action.modelId, action.findingId, { action: 'dismiss', reason: action.reason }, { keyId: action.by, scopes: ['admin'] });
          result = { status: 'accepted', action: action.kind };
          break;
        default:
          result = { status: 'accepted', action: action.kind, workflowId: await start(workspaceId, delivery.deliveryId, action) };
      }
      await integrationLinks.remember(workspaceId, delivery.deliveryId, now().toISOString());
      return result;
    },
  };
}
