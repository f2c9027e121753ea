import { z } from 'zod';

/**
 * The payload of `runSubmittedSignal` (services/runs.ts → modelAssurance: a stored submission to
 * verify) and of `verificationSignal` (modelAssurance → findingLifecycle: this run was applied).
 * Both name a run and nothing else: what the run says is read from the store, never from the
 * signal, and handlers drop any other payload, so reaching Temporal is not enough to change
 * what counts as verified.
 */
export const RunSignalSchema = z.strictObject({ runId: z.string().min(1).max(200) });
export type RunSignal = z.infer<typeof RunSignalSchema>;
