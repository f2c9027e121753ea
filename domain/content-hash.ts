import { canonicalJson, sha256Hex } from './canonical-json.js';
import { compareStrings } from './ids.js';
import { AssertionDefinitionSchema } from './schemas/assertion.js';
import type { AssertionDefinition } from './schemas/assertion.js';
import { RunEntrySchema } from './schemas/envelope.js';
import type { RunEntry } from './schemas/envelope.js';

/**
 * Content hash of a verification run, computed identically by the CI signer and the platform.
 *
 * Input: the predicate's `assertions`, an array of `RunEntry`:
 * `{ definition: { id, type, params, description? }, tier1: TierResult, tier2?: TierResult }`
 * with `TierResult = { verdict, details, evidence: [{ path, sha256, startLine, endLine }], error?, model? }`.
 *
 * Each entry is parsed with `RunEntrySchema` (unknown keys dropped, defaults applied), entries are
 * sorted by `definition.id` (ties by their canonical form), and the result is
 * `sha256Hex(canonicalJson(sortedEntries))` (RFC 8785, lower-case hex). Throws a ZodError on
 * entries that do not match the schema.
 */
export function runContentHash(entries: readonly RunEntry[]): string {
  const keyed = entries.map((entry) => {
    const parsed = RunEntrySchema.parse(entry);
    return { id: parsed.definition.id, json: canonicalJson(parsed) };
  });
  keyed.sort((a, b) => compareStrings(a.id, b.id) || compareStrings(a.json, b.json));
  return sha256Hex(`[${keyed.map((k) => k.json).join(',')}]`);
}

/**
 * Digest of what an assertion claims: sha256 of the canonical JSON of `{ type, params,
 * description? }` (the id is left out: it names the claim, it is not part of it). A result is
 * tied to this digest, so editing an assertion makes its earlier results stale.
 */
export function assertionDigest(def: AssertionDefinition): string {
  const known = digests.get(def);
  if (known !== undefined) return known;
  const { type, params, description } = AssertionDefinitionSchema.parse(def);
  const digest = sha256Hex(canonicalJson(description === undefined ? { type, params } : { type, params, description }));
  digests.set(def, digest);
  return digest;
}

/**
 * Posture and drift ask for the digest of the same assertion objects many times per run (and an
 * audit replays a thousand runs): remembered per object, which callers never mutate.
 */
const digests = new WeakMap<AssertionDefinition, string>();

/**
 * Digest of a control's assertion set: sha256 of the canonical JSON of `{ controlId, assertions:
 * [{ id, digest: assertionDigest(def) }] }` sorted by id. The verifier computes it over what its
 * sufficiency review saw, the platform over the control's current live assertions; a review or an
 * approval counts only while the two agree.
 */
export function assertionSetDigest(controlId: string, definitions: readonly (AssertionDefinition & { id: string })[]): string {
  const assertions = definitions
    .map((def) => ({ digest: assertionDigest(def), id: def.id }))
    .sort((a, b) => compareStrings(a.id, b.id) || compareStrings(a.digest, b.digest));
  // Every value is a string and the keys are written in RFC 8785's order, so JSON.stringify
  // gives the canonical form itself (JCS serialises strings as JSON.stringify does) at a fraction
  // of a general canonicaliser's cost; content-hash.test.ts holds the two equal. The same sets are
  // digested on every posture evaluation (hundreds of assertions each): the text names the answer.
  const text = JSON.stringify({ assertions, controlId });
  const known = setDigests.get(text);
  if (known !== undefined) return known;
  const digest = sha256Hex(text);
  if (setDigests.size >= SET_DIGESTS_HELD) setDigests.delete(setDigests.keys().next().value!);
  setDigests.set(text, digest);
  return digest;
}

/** Control sets whose digests are remembered, oldest forgotten first: a few MB at 500 assertions each. */
const SET_DIGESTS_HELD = 128;
const setDigests = new Map<string, string>();
