import type { WebhookEventType } from '../schemas/integrations.js';

/**
 * The event each finding status is announced with (a re-opened finding is `acknowledged` again).
 * Apart from the schemas: workflow code reads it, and every workflow the worker starts evaluates
 * its imports again (the schemas' zod definitions cost ~40 ms per start).
 */
export const FINDING_STATUS_EVENT = {
  discovered: 'finding.opened',
  acknowledged: 'finding.acknowledged',
  remediated: 'finding.remediated',
  verified: 'finding.verified',
  dismissed: 'finding.dismissed',
} as const satisfies Record<string, WebhookEventType>;
