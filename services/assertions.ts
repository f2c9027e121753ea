import { z } from 'zod';
import { assertionDigest } from '../domain/content-hash.js';
import { ASSERTION_PARAMS } from '../domain/assertion-params/index.js';
import { ASSERTION_TYPES } from '../domain/schemas/assertion.js';
import { MAX_PARAMS_DEPTH, jsonDepthExceeds } from '../domain/json-depth.js';
import { MAX_PARAMS_CHARS, paramsFit } from '../domain/schemas/attestation.js';
import { AssertionIdConflictError, type StoredAssertion } from '../store/assertions.js';
import { CreationOrderKeySchema } from '../store/key-page.js';
import type { ServiceDeps } from './deps.js';
import { ConflictError, InvalidInputError, NotFoundError } from './errors.js';
import { pageCursor, pageQuerySchema } from './page-cursor.js';
import { latestVersionOf, requireModel } from './require-model.js';

const OWNERSHIP = {
  controlId: z.string().regex(/^C\d+$/).optional(),
  assumptionId: z.string().regex(/^AS\d+$/).optional(),
  description: z.string().max(2000).optional(),
  aspects: z.array(z.string().min(1).max(500)).max(50).default([]),
  repo: z.string().min(1).max(200).optional(),
};

/**
 * One submitted assertion: its type picks the parameter schema (domain/assertion-params), so an
 * unknown type, an unknown or misspelt parameter or a wrong value is refused at once, naming it.
 */
const members = ASSERTION_TYPES.map((type) => z.strictObject({ type: z.literal(type), params: ASSERTION_PARAMS[type].params, ...OWNERSHIP }));
export const SubmittedAssertionSchema = z
  .discriminatedUnion('type', members as [(typeof members)[number], ...(typeof members)[number][]], {
    error: (issue) => (issue.code === 'invalid_union' ? `type must be one of: ${ASSERTION_TYPES.join(', ')}` : undefined),
  })
  .superRefine((a, ctx) => {
    if (Boolean(a.controlId) === Boolean(a.assumptionId)) ctx.addIssue({ code: 'custom', message: 'give exactly one of controlId or assumptionId' });
    if (!paramsFit(a.params)) ctx.addIssue({ code: 'custom', path: ['params'], message: `params must be JSON of at most ${MAX_PARAMS_CHARS} characters` });
    if (jsonDepthExceeds(a.params, MAX_PARAMS_DEPTH)) ctx.addIssue({ code: 'custom', path: ['params'], message: `params nest deeper than ${MAX_PARAMS_DEPTH} levels` });
  });

export const SubmitAssertionsRequestSchema = z
  .object({ assertions: z.array(SubmittedAssertionSchema).min(1).max(500) })
  .strict();
export type SubmitAssertionsRequest = z.infer<typeof SubmitAssertionsRequestSchema>;

export const ListAssertionsQuerySchema = pageQuerySchema().extend({ repo: z.string().min(1).max(200).optional().describe('Only assertions for this repository, e.g. "acme/shop".') });
export type ListAssertionsQuery = z.infer<typeof ListAssertionsQuerySchema>;

const assertionCursor = pageCursor('assertions', CreationOrderKeySchema);

export interface SubmittedAssertionResult {
  id: string;
  status: 'created' | 'existing';
  controlId?: string;
  assumptionId?: string;
}

export function createAssertionService(deps: Pick<ServiceDeps, 'stores' | 'now'>) {
  const now = () => (deps.now ?? (() => new Date()))().toISOString();
  const { models, assertions } = deps.stores;

  /** Ids of live controls and assumptions of the model's latest version. */
  async function ownersOf(workspaceId: string, modelId: string) {
    const version = await latestVersionOf(models, await requireModel(models, workspaceId, modelId));
    const live = <T extends { id: string; deletedAt?: string }>(xs: T[] = []) => new Set(xs.filter((x) => !x.deletedAt).map((x) => x.id));
    return { controls: live(version?.content.controls), assumptions: live(version?.content.assumptions) };
  }

  return {
    /**
     * Stores an agent's claims, all or none. Re-submitting an identical claim for the same owner
     * returns the existing id, so an agent can retry safely; ids come from a per-model counter and
     * are never reused (a failed batch leaves gaps).
     */
    async submit(workspaceId: string, modelId: string, request: SubmitAssertionsRequest, submittedBy?: string): Promise<SubmittedAssertionResult[]> {
      // Where the model's counters stand, read while the claims are checked (insertNew needs it).
      const hints = assertions.hintsOf(workspaceId, modelId);
      hints.catch(() => undefined); // awaited by insertNew; a request refused before that does not wait for it
      const owners = await ownersOf(workspaceId, modelId);
      request.assertions.forEach((a, i) => {
        if (a.controlId && !owners.controls.has(a.controlId)) throw new InvalidInputError(`assertions.${i}.controlId: control ${a.controlId} is not in model ${modelId}`);
        if (a.assumptionId && !owners.assumptions.has(a.assumptionId)) throw new InvalidInputError(`assertions.${i}.assumptionId: assumption ${a.assumptionId} is not in model ${modelId}`);
      });
      // Digests first, so a claim (definition and owner) repeated within the request resolves to one id: its first mention's.
      const claims = request.assertions.map((a) => {
        const digest = assertionDigest({ type: a.type, params: a.params, description: a.description });
        return { a, digest, key: JSON.stringify([digest, a.controlId ?? null, a.assumptionId ?? null, a.repo ?? null]) };
      });
      const distinct = new Map<string, (typeof claims)[number]>();
      for (const claim of claims) if (!distinct.has(claim.key)) distinct.set(claim.key, claim);
      // The duplicate checks are independent `_id` reads: one per digest, all at once.
      const digests = [...new Set(claims.map((c) => c.digest))];
      const stored = new Map(await Promise.all(digests.map(async (d) => [d, await assertions.findByDigest(workspaceId, modelId, d)] as const)));
      const idOf = new Map<string, string>();
      const toCreate: Array<(typeof claims)[number]> = [];
      for (const claim of distinct.values()) {
        const { a } = claim;
        const existing = stored.get(claim.digest)?.find((e) => e.controlId === a.controlId && e.assumptionId === a.assumptionId && e.repo === a.repo);
        if (existing) idOf.set(claim.key, existing.id);
        else toCreate.push(claim);
      }
      // The new claims get their ids together, in request order.
      let created: StoredAssertion[];
      try {
        created = await assertions.insertNew(workspaceId, modelId, toCreate.map(({ a, digest }) => ({ ...a, digest, submittedBy, createdAt: now() })), hints);
      } catch (error) {
        if (error instanceof AssertionIdConflictError) throw new ConflictError(`${error.message}; submit the batch again`);
        throw error;
      }
      created.forEach((assertion, i) => idOf.set(toCreate[i]!.key, assertion.id));
      const unreported = new Set(created.map((a) => a.id));
      const results = claims.map(({ a, key }): SubmittedAssertionResult => {
        const id = idOf.get(key)!;
        const owner = a.controlId ? { controlId: a.controlId } : { assumptionId: a.assumptionId! };
        // A new claim is `created` at its first mention; a repeat of it in the same request is `existing`.
        return { id, status: unreported.delete(id) ? 'created' : 'existing', ...owner };
      });
      return results;
    },

    /** A model's live assertions oldest first (ties by id), a page at a time (`next` while more remain). */
    async list(workspaceId: string, modelId: string, query: ListAssertionsQuery): Promise<{ assertions: StoredAssertion[]; next?: string }> {
      await requireModel(models, workspaceId, modelId);
      const after = assertionCursor.decode(modelId, query.after);
      const read = await assertions.listPage(workspaceId, modelId, { limit: query.limit + 1, after, repo: query.repo });
      const { items, ...next } = assertionCursor.page(modelId, read, query.limit);
      return { assertions: items, ...next };
    },

    async remove(workspaceId: string, modelId: string, id: string): Promise<void> {
      if (!(await assertions.softDelete(workspaceId, modelId, id, now()))) throw new NotFoundError(`assertion ${id} not found in model ${modelId}`);
    },
  };
}

export type AssertionService = ReturnType<typeof createAssertionService>;
