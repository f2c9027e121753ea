/**
 * Temporal settings shared by the worker, the services that start workflows, and tests:
 * workflow ids built from business keys, and the timeouts each kind of activity gets.
 */
export const DEFAULT_TASK_QUEUE = 'assay';

export const workflowIds = {
  generateThreatModel: (workspaceId: string, modelId: string) =>
    `generate-threat-model/${workspaceId}/${modelId}`,
  /** `n` counts the model's refinements, so each gets its own id (and a retried request the same). */
  refineThreatModel: (workspaceId: string, modelId: string, n: number) => `refine-threat-model/${workspaceId}/${modelId}/${n}`,
  modelAssurance: (workspaceId: string, modelId: string) => `model-assurance/${workspaceId}/${modelId}`,
  findingLifecycle: (workspaceId: string, modelId: string, findingId: string) =>
    `finding-lifecycle/${workspaceId}/${modelId}/${findingId}`,
  /** The delivery id is part of it, so Jira's retries of one delivery start one workflow. */
  jiraIssueTrigger: (workspaceId: string, issueKey: string, deliveryId: string) => `jira-issue/${workspaceId}/${issueKey}/${deliveryId}`,
  /** Slack's `trigger_id` is unique per command invocation. */
  slackCommand: (workspaceId: string, triggerId: string) => `slack-command/${workspaceId}/${triggerId}`,
  publishEvents: (workspaceId: string, firstEventId: string) => `publish-events/${workspaceId}/${firstEventId}`,
};

/** Store calls are short; retries cover a database that restarts underneath the worker. */
export const storeActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
} as const;

/**
 * Verifying a submitted run: transient I/O failures are retried for about two minutes, then the
 * run is rejected (`verification_error`) so the model's single-writer queue moves on. A large
 * statement (MAX_PAYLOAD_BYTES) takes seconds on a busy machine, hence the longer timeout.
 */
export const verificationActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '20 seconds', maximumAttempts: 10 },
} as const;

/** LLM calls are slow and rate-limited: longer timeout, exponential backoff on 429/5xx. */
export const llmActivityOptions = {
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '2 minutes',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 6,
  },
} as const;

/**
 * Generation steps heartbeat while their LLM call runs (a third of this interval), so the step
 * of a worker that died is retried on another worker within seconds instead of minutes.
 */
export const generationActivityOptions = { ...llmActivityOptions, heartbeatTimeout: '20 seconds' } as const;

/** Calls to Jira and Slack: a vendor that is briefly down is retried; a refusal (4xx) is not. */
export const vendorActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 6 },
} as const;

/**
 * One outbound webhook delivery: four attempts with backoff (1 s, 2 s, 4 s apart); a delivery that
 * still fails counts towards pausing its subscription (PAUSE_AFTER_FAILED_DELIVERIES).
 */
export const webhookDeliveryActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 4 },
} as const;
