import { z } from 'zod';

// The worker preloads this module once into the V8 context all its workflows share (instead of
// evaluating zod again for every workflow it loads: 460 KB of code, ~1 MB of heap each), then
// deep-freezes what it exports. So zod is configured here, before the freeze, and the schema is
// built here but kept out of the exports: zod sets its default locale on the first schema it
// builds, and a schema caches into itself as it parses. Workflows run no generated code: jitless.
z.config({ jitless: true });
const RunSignalSchema = z.strictObject({ runId: z.string().min(1).max(200) });

/**
 * The payload of `runSubmittedSignal` (services/runs.ts → modelAssurance: a stored submission to
 * verify) and of `verificationSignal` (modelAssurance → findingLifecycle: this run was applied).
 * Both name a run and nothing else: what the run says is read from the store, never from the
 * signal, and handlers drop any other payload, so reaching Temporal is not enough to change
 * what counts as verified.
 */
export const parseRunSignal = (payload: unknown) => RunSignalSchema.safeParse(payload);
export type RunSignal = z.infer<typeof RunSignalSchema>;
