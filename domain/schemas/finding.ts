import { z } from 'zod';
import { CommitIdSchema, IsoDateTimeSchema } from './common.js';
import { RiskTierSchema } from './threat-model.js';

export const FindingStatusSchema = z.enum([
  'discovered',
  'acknowledged',
  'remediated',
  'verified',
  'dismissed',
]);
export type FindingStatus = z.infer<typeof FindingStatusSchema>;

export const FindingEventTypeSchema = z.enum(['acknowledge', 'remediate', 'dismiss', 'reopen', 'verification']);
export type FindingEventType = z.infer<typeof FindingEventTypeSchema>;

const OutcomeSchema = z.enum(['pass', 'fail', 'missing']);

/** `by` is a person, an API key id, or `system` for automatic transitions. */
const actor = z.string().min(1).max(200);

/** Every event a finding can receive; `applyFindingTransition` decides whether it is allowed. */
export const FindingEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('acknowledge'), by: actor, at: IsoDateTimeSchema }),
  z.object({
    type: z.literal('remediate'),
    by: actor,
    at: IsoDateTimeSchema,
    assertionIds: z.array(z.string().min(1)),
    note: z.string().max(2000).optional(),
  }),
  z.object({ type: z.literal('dismiss'), by: actor, at: IsoDateTimeSchema, reason: z.string().max(2000) }),
  z.object({ type: z.literal('reopen'), by: actor, at: IsoDateTimeSchema, reason: z.string().max(2000).optional() }),
  /**
   * Automatic, after a verification run: the current outcome of each linked assertion, and of the
   * finding's control as a whole at the policy's tiers (control-outcome.ts).
   */
  z.object({
    type: z.literal('verification'),
    at: IsoDateTimeSchema,
    commit: CommitIdSchema,
    runId: z.string().min(1),
    outcomes: z.record(z.string(), OutcomeSchema),
    controlOutcome: OutcomeSchema,
  }),
]);
export type FindingEvent = z.infer<typeof FindingEventSchema>;

export const FindingHistoryEntrySchema = z.object({
  at: IsoDateTimeSchema,
  by: actor,
  event: FindingEventTypeSchema,
  from: FindingStatusSchema,
  to: FindingStatusSchema,
  reason: z.string().max(2000).optional(),
  commit: CommitIdSchema.optional(),
  runId: z.string().optional(),
});
export type FindingHistoryEntry = z.infer<typeof FindingHistoryEntrySchema>;

/** A negative result for a control, from an agent, a person or a failing verification. */
export const FindingSchema = z.object({
  workspaceId: z.string().min(1),
  modelId: z.string().min(1),
  id: z.string().regex(/^F\d+$/),
  controlId: z.string().regex(/^C\d+$/),
  title: z.string().min(1).max(200),
  description: z.string().max(4000).default(''),
  severity: RiskTierSchema.optional(),
  source: z.enum(['agent', 'human', 'verification']),
  status: FindingStatusSchema.default('discovered'),
  /** Assertions whose passing proves the remediation (set by `remediate`). */
  assertionIds: z.array(z.string().min(1)).default([]),
  dismissReason: z.string().max(2000).optional(),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  history: z.array(FindingHistoryEntrySchema).default([]),
});
export type Finding = z.infer<typeof FindingSchema>;
