import { z } from 'zod';
import { CommitIdSchema } from './common.js';

export const DriftLevelSchema = z.enum(['assertion', 'control', 'objective']);
export type DriftLevel = z.infer<typeof DriftLevelSchema>;

/**
 * `drift`: passed before, fails now. `recovery`: failed before, passes now. Both are tied to the
 * commits of the two states compared, the controls and objectives concerned.
 */
export const DriftEventSchema = z.object({
  kind: z.enum(['drift', 'recovery']),
  level: DriftLevelSchema,
  /** The assertion, control or objective id the event is about. */
  subjectId: z.string().min(1),
  assertionIds: z.array(z.string()),
  controlIds: z.array(z.string()),
  objectiveIds: z.array(z.string()),
  /** Commit of the earlier state (for an assertion: the commit of its earlier result). */
  fromCommit: CommitIdSchema,
  /** Commit of the current state (for an assertion: the commit of its current result). */
  toCommit: CommitIdSchema,
  fromRunId: z.string(),
  toRunId: z.string(),
});
export type DriftEvent = z.infer<typeof DriftEventSchema>;
