import { Hono } from 'hono';
import { z } from 'zod';
import { CreateWebhookSubscriptionRequestSchema, JiraSettingsRequestSchema, SlackSettingsRequestSchema } from '../../domain/schemas/integrations.js';
import type { Services } from '../../services/index.js';
import { parseJsonBody } from '../body.js';
import type { AppEnv } from '../env.js';
import { requireScope } from '../middleware/auth.js';

/** Which workspace a Jira or Slack request is for: those vendors carry no Assay key, only their signature. */
export const IntegrationWorkspaceQuerySchema = z.object({ workspace: z.string().min(1).max(100) });

/** The operations authenticated by the vendor's signature, not an Assay key (api/openapi.ts). */
export const SIGNED_BY_VENDOR = new Set(['POST /api/integrations/jira/webhook', 'POST /api/integrations/slack/commands', 'POST /api/integrations/slack/interactions']);

/**
 * The endpoints Jira and Slack call. They are mounted before the API-key check: each request is
 * authenticated by its vendor's HMAC signature over the raw body, with the workspace's secret.
 */
export function integrationWebhookRoutes(services: Services) {
  const workspaceOf = (query: Record<string, string>) => IntegrationWorkspaceQuerySchema.parse(query).workspace;
  const slackRequest = async (c: { req: { text(): Promise<string>; header(name: string): string | undefined } }) => ({
    body: await c.req.text(),
    signature: c.req.header('x-slack-signature'),
    timestamp: c.req.header('x-slack-request-timestamp'),
  });
  return new Hono<AppEnv>()
    .post('/jira/webhook', async (c) => {
      const workspaceId = workspaceOf(c.req.query());
      const result = await services.jira.receive(workspaceId, {
        body: new Uint8Array(await c.req.arrayBuffer()),
        signature: c.req.header('x-hub-signature'),
        deliveryId: c.req.header('x-atlassian-webhook-identifier'),
      });
      return c.json(result);
    })
    .post('/slack/commands', async (c) => c.json(await services.slack.command(workspaceOf(c.req.query()), await slackRequest(c))))
    .post('/slack/interactions', async (c) => c.json(await services.slack.interaction(workspaceOf(c.req.query()), await slackRequest(c))));
}

/** A workspace admin's integration settings and webhook subscriptions; secrets go in and never come out. */
export function integrationRoutes(services: Services) {
  const integrations = services.integrations;
  return new Hono<AppEnv>()
    .use(requireScope('admin'))
    .get('/', async (c) => c.json(await integrations.view(c.var.workspaceId)))
    .put('/jira', async (c) => c.json(await integrations.setJira(c.var.workspaceId, await parseJsonBody(c, JiraSettingsRequestSchema))))
    .put('/slack', async (c) => c.json(await integrations.setSlack(c.var.workspaceId, await parseJsonBody(c, SlackSettingsRequestSchema))))
    .delete('/jira', async (c) => {
      await integrations.remove(c.var.workspaceId, 'jira');
      return c.body(null, 204);
    })
    .delete('/slack', async (c) => {
      await integrations.remove(c.var.workspaceId, 'slack');
      return c.body(null, 204);
    })
    .get('/webhooks', async (c) => c.json({ subscriptions: await integrations.listSubscriptions(c.var.workspaceId) }))
    .post('/webhooks', async (c) => {
      const created = await integrations.subscribe(c.var.workspaceId, await parseJsonBody(c, CreateWebhookSubscriptionRequestSchema));
      return c.json({ ...created, note: 'the secret is shown once; store it now' }, 201);
    })
    .get('/webhooks/:subscriptionId', async (c) => c.json(await integrations.getSubscription(c.var.workspaceId, c.req.param('subscriptionId'))))
    .delete('/webhooks/:subscriptionId', async (c) => {
      await integrations.unsubscribe(c.var.workspaceId, c.req.param('subscriptionId'));
      return c.body(null, 204);
    })
    .post('/webhooks/:subscriptionId/resume', async (c) => c.json(await integrations.resume(c.var.workspaceId, c.req.param('subscriptionId'))))
    .post('/webhooks/:subscriptionId/ping', async (c) => c.json(await integrations.ping(c.var.workspaceId, c.req.param('subscriptionId')), 202))
    .get('/webhooks/:subscriptionId/deliveries', async (c) => c.json({ deliveries: await integrations.deliveries(c.var.workspaceId, c.req.param('subscriptionId')) }));
}
