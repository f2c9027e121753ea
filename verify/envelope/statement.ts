import { randomBytes, randomUUID } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { z } from 'zod';
import { runContentHash } from '../../domain/content-hash.js';
import type { TierResult } from '../../domain/schemas/assertion.js';
import {
  clampDetails,
  MAX_EVIDENCE_PER_RESULT,
  VerificationStatementSchema,
  type AttestedPipeline,
  type SufficiencyReview,
  type Tier2Status,
  type Tier2Usage,
  type VerificationStatement,
} from '../../domain/schemas/attestation.js';
import { ASSAY_PREDICATE_TYPE, IN_TOTO_STATEMENT_TYPE, type RunEntry } from '../../domain/schemas/envelope.js';
import { readGitSource, type GitSourceResult } from './git-source.js';
import { detectPipeline, type Env } from './pipeline.js';

export interface BuildStatementInput {
  /** Project root: the commit is read from git here. */
  root: string;
  /** CI variables (pipeline detection); passed in, never read globally. */
  env: Env;
  workspaceId: string;
  modelId: string;
  modelVersion: number;
  /** Each assertion as fetched from the platform, with its verdicts. */
  assertions: readonly RunEntry[];
  tier2Status: Tier2Status;
  /** One review per control (only when Tier 2 ran). */
  sufficiency?: readonly SufficiencyReview[];
  tier2Usage?: Tier2Usage;
  tool: { name: string; version: string };
  startedAt: string;
  finishedAt: string;
  /** Defaults to what the CI variables say (a random id outside CI). */
  pipeline?: AttestedPipeline;
  /** Defaults to 24 random bytes, base64url. */
  nonce?: string;
  /** What git said about `root` when the run started; read now when absent. */
  git?: Extract<GitSourceResult, { ok: true }>;
}

export type BuildStatementResult =
  | { ok: true; statement: VerificationStatement; /** The working tree differs from the commit. */ dirty: boolean }
  | { ok: false; reason: string };

/**
 * Assembles the in-toto Statement for one run. Details are clamped and evidence capped to the
 * shared limits *before* the content hash is taken, so the hash covers exactly what is signed.
 */
export async function buildStatement(input: BuildStatementInput): Promise<BuildStatementResult> {
  const git = input.git ?? (await readGitSource(input.root, input.env));
  if (!git.ok) return git;

  const detected = input.pipeline ?? detectPipeline(input.env, () => randomUUID());
  // Outside CI the branch comes from git, so a local run still says where it was made.
  const pipeline = detected.branch || !git.branch ? detected : { ...detected, branch: git.branch };
  const assertions = input.assertions.map((entry) => ({
    definition: entry.definition,
    tier1: fitTierResult(entry.tier1),
    ...(entry.tier2 ? { tier2: fitTierResult(entry.tier2) } : {}),
  }));
  let contentHash: string;
  try {
    contentHash = runContentHash(assertions);
  } catch (error) {
    return { ok: false, reason: `assertions cannot be hashed: ${firstIssue(error)}` };
  }
  const candidate = {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: [{ name: pipeline.repository ?? basename(resolve(input.root)), digest: { gitCommit: git.commit } }],
    predicateType: ASSAY_PREDICATE_TYPE,
    predicate: {
      workspaceId: input.workspaceId,
      modelId: input.modelId,
      modelVersion: input.modelVersion,
      tiers: input.tier2Status.status === 'run' ? [1, 2] : [1],
      tier2Status: input.tier2Status,
      pipeline,
      source: git.source,
      tool: input.tool,
      assertions,
      ...(input.sufficiency?.length ? { sufficiency: input.sufficiency.map((r) => ({ ...r, ...(r.reason ? { reason: clampDetails(r.reason) } : {}) })) } : {}),
      ...(input.tier2Usage ? { tier2Usage: input.tier2Usage } : {}),
      contentHash,
      startedAt: input.startedAt,
      finishedAt: input.finishedAt,
      nonce: input.nonce ?? randomBytes(24).toString('base64url'),
    },
  };
  const parsed = VerificationStatementSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, reason: `statement invalid: ${firstIssue(parsed.error)}` };
  return { ok: true, statement: parsed.data, dirty: git.source.dirty };
}

function fitTierResult(result: TierResult): TierResult {
  const dropped = result.evidence.length - MAX_EVIDENCE_PER_RESULT;
  const details = dropped > 0 ? `${result.details} (+${dropped} evidence items not attested)` : result.details;
  return { ...result, details: clampDetails(details), evidence: result.evidence.slice(0, MAX_EVIDENCE_PER_RESULT) };
}

function firstIssue(error: unknown): string {
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    return `${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`;
  }
  return (error as Error).message;
}
