import { z } from 'zod';

/** Exactly what the model must answer for one assertion (SPEC §5); strict so it is an OpenAI strict schema too. */
export const Tier2AnswerSchema = z.strictObject({
  verdict: z.enum(['pass', 'fail']),
  citations: z.array(z.strictObject({ path: z.string(), startLine: z.number().int(), endLine: z.number().int() })),
  reasoning: z.string(),
});
export type Tier2Answer = z.infer<typeof Tier2AnswerSchema>;

/** What the sufficiency reviewer answers for one control. */
export const SufficiencyAnswerSchema = z.strictObject({
  criteria: z.array(z.strictObject({ criterion: z.string(), covered: z.boolean(), assertionIds: z.array(z.string()) })),
});
export type SufficiencyAnswer = z.infer<typeof SufficiencyAnswerSchema>;
