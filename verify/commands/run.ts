import { readFile } from 'node:fs/promises';
import type { SignedEnvelope } from '../../domain/schemas/attestation.js';
import type { RunEntry } from '../../domain/schemas/envelope.js';
import type { CommonOptions } from '../cli.js';
import { buildStatement, loadSigningKey, pickupOidcToken, readGitSource, signEnvelope, unsignedEnvelope, type Env, type GitSourceResult } from '../envelope/index.js';
import { EXIT_FAIL, ExitError, UsageError } from '../errors.js';
import type { CliIO } from '../io.js';
import type { RunStatusAnswer } from '../../domain/ci-contract.js';
import type { PlatformClient } from '../platform/client.js';
import { connectPlatform } from '../platform/connect.js';
import { overallSummary } from '../report/json.js';
import { renderModelsReport, type ModelRun } from '../report/models.js';
import type { OutputFormat } from '../report/formats.js';
import type { CheckContext } from '../tier1/check.js';
import { createCheckContext } from '../tier1/context.js';
import { runTiers, type TieredAssertion } from '../tier2/run-tiers.js';
import type { Tier2Setup } from '../tier2/setup.js';
import { TOOL } from '../version.js';
import { mustRun } from './changed-files.js';
import { parseReportFiles, writeReportFiles } from './report-files.js';
import { describeTier2, tier2SetupFor } from './tier2.js';

export interface RunOptions extends CommonOptions {
  model?: string;
  all: boolean;
  dryRun: boolean;
  /** Verify and submit a working tree that differs from its commit; the platform stores such a run but never applies it. */
  allowDirty?: boolean;
  /** A file listing changed paths, one per line (e.g. `git diff --name-only`); `-` for stdin is not supported. */
  changedFiles?: string;
  repo?: string;
  filter: 'all' | 'pending' | 'stale';
  apiUrl?: string;
  apiKey?: string;
  /** Path of the ECDSA P-256 private key (PEM or JWK); else ASSAY_SIGNING_KEY holds it. */
  signingKeyFile?: string;
  oidcAudience: string;
  /** How long to wait for the platform to decide on the run. */
  waitSeconds: number;
  /** `FORMAT=PATH` reports written besides stdout (SARIF for code scanning, the job summary…). */
  reportFiles?: readonly string[];
  env: Env;
}

/**
 * `assay-verify run <model>|--all`: fetch the model's assertions, check them (Tier 1), sign one
 * in-toto statement per model and submit it, then print one report over every model (and write
 * the `--report-file`s). Exit 1 when any assertion fails or the platform rejects a run.
 */
export async function runCommand(options: RunOptions, io: CliIO): Promise<void> {
  if (!options.model === !options.all) throw new UsageError('give a model id or --all (not both)');
  const reportFiles = parseReportFiles(options.reportFiles ?? []);
  const tier2 = tier2SetupFor(options, io);
  const platform = connectPlatform(options);
  const changed = options.changedFiles ? await readChangedFiles(options.changedFiles) : undefined;
  // Read before any check runs, so nothing the checks write can make the tree look dirty.
  const git = await readGitSource(options.projectRoot, options.env);
  if (!git.ok) throw new UsageError(git.reason);
  // A dry run submits nothing, so it may look at work in progress.
  if (git.source.dirty && !options.allowDirty && !options.dryRun) {
    throw new UsageError(
      `the working tree in ${options.projectRoot} has uncommitted changes or untracked files, so the evidence would not be that of commit ${git.commit.slice(0, 12)}: ` +
        'commit or clean them, or pass --allow-dirty (the platform stores a dirty run but it never moves posture)',
    );
  }

  const modelIds = options.model ? [options.model] : await platform.listModels();
  // One context for every model: each file is read, parsed and globbed once per run.
  const ctx = await createCheckContext({ root: options.projectRoot, tests: { timeoutMs: options.testTimeoutSeconds * 1000 } });
  const runs: ModelRun[] = [];
  try {
    for (const modelId of modelIds) runs.push(await runModel(modelId, { platform, ctx, changed, git, setup: tier2 }, options, io));
  } finally {
    ctx.parsed.dispose();
  }
  const report = { tool: TOOL, root: ctx.root, color: io.color, models: runs };
  io.stdout.write(renderModelsReport(options.output as OutputFormat, report));
  await writeReportFiles(reportFiles, report, { platform, env: options.env, io });
  const failed = runs.some((r) => overallSummary(r).failed > 0 || r.platformVerdict?.status === 'rejected');
  if (failed) throw new ExitError(EXIT_FAIL);
}

async function readChangedFiles(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`--changed-files ${file} cannot be read`);
  });
  return text.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** What every model of a run shares. */
interface RunShared {
  platform: PlatformClient;
  ctx: CheckContext;
  changed: string[] | undefined;
  git: Extract<GitSourceResult, { ok: true }>;
  setup: Tier2Setup;
}

/** Checks, signs and submits one model; what happened is in the returned run (printed by the caller). */
async function runModel(modelId: string, { platform, ctx, changed, git, setup }: RunShared, options: RunOptions, io: CliIO): Promise<ModelRun> {
  const bundle = await platform.assertions(modelId, { filter: options.filter, repo: options.repo });
  const assertions: TieredAssertion[] = bundle.assertions
    .map(({ id, type, params, description, subject, aspects }) => ({
      id,
      type,
      params,
      ...(description ? { description } : {}),
      claim: { subject, criteria: aspects },
      ...(subject.kind === 'control' ? { controlId: subject.id } : {}),
    }))
    .filter((a) => !changed || mustRun(a, changed));
  io.stderr.write(`model ${modelId} (version ${bundle.modelVersion}): ${assertions.length} assertions to verify\n`);

  const startedAt = new Date().toISOString();
  const { tier1: results, tier2 } = await runTiers(assertions, bundle.controls, ctx, setup);

  const entries: RunEntry[] = assertions.map(({ id, type, params, description }, i) => {
    const r = results[i]!;
    const judged = tier2.results[i];
    return {
      definition: { id, type, params, ...(description === undefined ? {} : { description }) },
      tier1: { verdict: r.verdict, details: r.details, evidence: r.evidence },
      ...(judged ? { tier2: judged } : {}),
    };
  });
  const built = await buildStatement({
    root: ctx.root,
    env: options.env,
    git,
    workspaceId: bundle.workspaceId,
    modelId,
    modelVersion: bundle.modelVersion,
    assertions: entries,
    tier2Status: tier2.status,
    sufficiency: tier2.sufficiency,
    ...(tier2.usage ? { tier2Usage: tier2.usage } : {}),
    tool: TOOL,
    startedAt,
    finishedAt: new Date().toISOString(),
  });
  if (!built.ok) throw new UsageError(`cannot build the statement: ${built.reason}`);
  const run: ModelRun = { modelId, modelVersion: bundle.modelVersion, commit: built.statement.subject[0].digest.gitCommit, assertions, results, runId: null, platformVerdict: null, tier2 };
  if (built.dirty) io.stderr.write('warning: the working tree differs from the commit being attested; the platform will store this run without applying it\n');
  io.stderr.write(describeTier2(tier2));

  if (options.dryRun) {
    io.stderr.write(`dry run: statement for commit ${built.statement.subject[0].digest.gitCommit} built, not signed or submitted\n`);
    return run;
  }
  const envelope = await sign(built.statement, options);
  const oidc = await pickupOidcToken({ env: options.env, audience: options.oidcAudience });
  if (oidc.kind === 'error') io.stderr.write(`warning: no OIDC token: ${oidc.reason}\n`);
  const oidcToken = oidc.kind === 'token' ? oidc.token : undefined;
  if (envelope.signatures.length === 0 && !oidcToken) {
    throw new UsageError('nothing to prove who ran this: give a signing key (--signing-key-file or ASSAY_SIGNING_KEY) or run where a CI OIDC token is available');
  }
  const submitted = await platform.submitRun(modelId, envelope, oidcToken);
  const status = await waitForDecision(platform, modelId, submitted.runId, options.waitSeconds);
  io.stderr.write(describe(modelId, submitted.runId, status));
  return { ...run, runId: submitted.runId, platformVerdict: platformVerdict(status) };
}

/** The platform's decision as the reports show it: accepted or not, and whether it moved posture. */
function platformVerdict(status: RunStatusAnswer): NonNullable<ModelRun['platformVerdict']> {
  switch (status.status) {
    case 'accepted':
      return { status: status.status, applied: status.applied, ...(status.reason ? { reason: status.reason } : {}), ...(status.ignored.length ? { ignored: status.ignored } : {}) };
    case 'rejected':
      return { status: status.status, reason: status.reason };
    default:
      return { status: status.status };
  }
}

async function sign(statement: Parameters<typeof signEnvelope>[0], options: RunOptions): Promise<SignedEnvelope> {
  const source = options.signingKeyFile ? { path: options.signingKeyFile } : options.env.ASSAY_SIGNING_KEY ? { value: options.env.ASSAY_SIGNING_KEY } : undefined;
  if (!source) return unsignedEnvelope(statement);
  const key = await loadSigningKey(source);
  if (!key.ok) throw new UsageError(`signing key: ${key.reason}`);
  return signEnvelope(statement, key.key);
}

async function waitForDecision(platform: PlatformClient, modelId: string, runId: string, seconds: number): Promise<RunStatusAnswer> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const status = await platform.runStatus(modelId, runId);
    if (status.status !== 'pending' || Date.now() > deadline) return status;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function describe(modelId: string, runId: string, status: RunStatusAnswer): string {
  const id = runId.slice(0, 12);
  switch (status.status) {
    case 'accepted': {
      const ignored = status.ignored.length ? ` (ignored, not in the model: ${status.ignored.join(', ')})` : '';
      const kept = status.applied === false ? `; stored but NOT applied to posture (${String(status.reason)}: ${String(status.detail)})` : '';
      return `model ${modelId}: run ${id} accepted${ignored}${kept}\n`;
    }
    case 'rejected':
      return `model ${modelId}: run ${id} REJECTED: ${status.reason}\n`;
    case 'duplicate':
      return `model ${modelId}: run ${id} was already submitted (replay ignored)\n`;
    default:
      return `model ${modelId}: run ${id} submitted; the platform has not decided yet\n`;
  }
}
