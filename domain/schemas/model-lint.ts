import { z } from 'zod';

/** What lint reports about a model; domain/README.md defines each code. */
export const LintCodeSchema = z.enum([
  'no_in_reach_control',
  'link_without_threat',
  'broad_control',
  'unprotected_property',
  'duplicate_controls',
  'unattested_assumption',
  'malformed_threats',
]);
export type LintCode = z.infer<typeof LintCodeSchema>;

export const LintIssueSchema = z.object({
  code: LintCodeSchema,
  message: z.string(),
  objectiveIds: z.array(z.string()),
  controlIds: z.array(z.string()),
  assumptionIds: z.array(z.string()),
});
export type LintIssue = z.infer<typeof LintIssueSchema>;

export const ModelLintSchema = z.object({
  /** Live objectives, in and out of reach (out of reach: a standing boundary assumption). */
  objectives: z.object({ total: z.number().int(), inReach: z.number().int(), outOfReach: z.number().int(), critical: z.number().int() }),
  issues: z.array(LintIssueSchema),
  counts: z.record(LintCodeSchema, z.number().int()),
});
export type ModelLint = z.infer<typeof ModelLintSchema>;
