import { cac } from 'cac';
import { UsageError } from './errors.js';
import type { CliIO } from './io.js';
import { withJoinedOptionValues } from './option-values.js';
import { OUTPUT_FORMATS } from './report/formats.js';
import { tier2FlagsOf, withTier2Options } from './tier2/cli-options.js';
import type { Tier2Env, Tier2Flags } from './tier2/setup.js';
import { TOOL, versionLine } from './version.js';

/**
 * The command table. Each action lazily imports its command so that `--help` stays
 * fast; commands are plain functions of their options (commands/<name>.ts).
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<void> {
  const cli = cac(TOOL.name);
  cli
    .option('--output <format>', `Report format: ${OUTPUT_FORMATS.join(', ')}`, { default: 'text' })
    .option('--project-root <dir>', 'Project to verify; every path is relative to it', { default: '.' })
    .option('--test-timeout <seconds>', 'Time limit for each test_passes run', { default: 300 });

  withTier2Options(cli.command('verify <type>', 'Check one assertion given on the command line'))
    .option('-p, --param <key=value>', 'A parameter (repeatable); JSON for lists, objects and booleans, else a string', { type: [String] })
    .example('assay-verify verify file_exists -p file=src/auth.ts')
    .example(`assay-verify verify pattern_absent -p 'files=["src/**/*.ts"]' -p pattern='eval\\('`)
    .action(async (type: string, options: Record<string, unknown>) => {
      const { verifyCommand } = await import('./commands/verify.js');
      await verifyCommand({ type, params: (options.param as string[] | undefined) ?? [], ...common(options) }, io);
    });

  withTier2Options(cli.command('check <file>', 'Check every assertion in a JSON file: [{id?, type, params, description?, aspects?, control?}]'))
    .action(async (file: string, options: Record<string, unknown>) => {
      const { checkCommand } = await import('./commands/check.js');
      await checkCommand({ file, ...common(options) }, io);
    });

  withTier2Options(cli.command('run [model]', 'Verify a model\'s assertions (or --all models), sign the results and submit them to the platform'))
    .option('--all', 'Every model of the workspace the API key belongs to')
    .option('--dry-run', 'Check and build the statement, but neither sign nor submit')
    .option('--allow-dirty', 'Run on a working tree with uncommitted changes or untracked files (stored, never applied to posture)')
    .option('--changed-files <file>', 'Only assertions touching the paths listed in this file (one per line)')
    .option('--repo <name>', 'Only assertions for this repository')
    .option('--filter <which>', 'all, pending or stale assertions', { default: 'all' })
    .option('--api-url <url>', 'Platform URL (or ASSAY_API_URL)')
    .option('--api-key <key>', 'A verifier API key (or ASSAY_API_KEY)')
    .option('--signing-key-file <path>', 'ECDSA P-256 private key, PEM or JWK (or ASSAY_SIGNING_KEY with its content)')
    .option('--oidc-audience <aud>', 'Audience to request for the CI OIDC token', { default: 'assay' })
    .option('--wait <seconds>', 'How long to wait for the platform to decide on the run', { default: 60 })
    .option('--report-file <format=path>', 'Also write a report: json, sarif, junit, codequality, text, github, or summary (Markdown, appended) (repeatable)', { type: [String] })
    .example('assay-verify run M1 --api-url https://assay.example.com --signing-key-file ci-key.pem')
    .example('assay-verify run --all --changed-files changed.txt')
    .example('assay-verify run --all --output github --report-file sarif=assay.sarif --report-file summary="$GITHUB_STEP_SUMMARY"')
    .action(async (model: string | undefined, options: Record<string, unknown>) => {
      const { runCommand } = await import('./commands/run.js');
      const filter = String(options.filter);
      if (!['all', 'pending', 'stale'].includes(filter)) throw new UsageError(`--filter must be all, pending or stale, not "${filter}"`);
      await runCommand(
        {
          ...common(options),
          model,
          all: Boolean(options.all),
          dryRun: Boolean(options.dryRun),
          allowDirty: Boolean(options.allowDirty),
          changedFiles: options.changedFiles as string | undefined,
          repo: options.repo as string | undefined,
          filter: filter as 'all' | 'pending' | 'stale',
          ...platformOptions(options),
          signingKeyFile: options.signingKeyFile as string | undefined,
          oidcAudience: String(options.oidcAudience),
          waitSeconds: Number(options.wait),
          reportFiles: (options.reportFile as string[] | undefined) ?? [],
        },
        io,
      );
    });

  cli
    .command('list', "The workspace's models and their assertions for CI")
    .option('--repo <name>', 'Only assertions for this repository')
    .option('--api-url <url>', 'Platform URL (or ASSAY_API_URL)')
    .option('--api-key <key>', 'A verifier API key (or ASSAY_API_KEY)')
    .action(async (options: Record<string, unknown>) => {
      const { listCommand } = await import('./commands/list.js');
      await listCommand({ output: common(options).output, repo: options.repo as string | undefined, ...platformOptions(options) }, io);
    });

  cli
    .command('report <model>', "A model's verification report from the platform: tiers, controls by level, drift, sufficiency gaps")
    .option('--api-url <url>', 'Platform URL (or ASSAY_API_URL)')
    .option('--api-key <key>', 'A verifier API key (or ASSAY_API_KEY)')
    .action(async (model: string, options: Record<string, unknown>) => {
      const { reportCommand } = await import('./commands/report.js');
      await reportCommand({ model, output: common(options).output, ...platformOptions(options) }, io);
    });

  cli
    .command('keygen', 'Create an ECDSA P-256 signing key for CI: the private key (PEM) to a file or stdout, the public JWK on stderr')
    .option('--private-key-file <path>', 'Write the private key here (mode 0600) instead of stdout')
    .option('--public-key-file <path>', 'Also write the public JWK here, for `assay-admin ci-keys add`')
    .option('--force', 'Replace key files that already exist')
    .example('assay-verify keygen --private-key-file ci-key.pem --public-key-file ci-key.jwk.json')
    .action(async (options: Record<string, unknown>) => {
      const { keygenCommand } = await import('./commands/keygen.js');
      await keygenCommand(
        { privateKeyFile: options.privateKeyFile as string | undefined, publicKeyFile: options.publicKeyFile as string | undefined, force: Boolean(options.force) },
        io,
      );
    });

  cli
    .command('audit <package>', "Check a model's audit package offline: the platform's signature, every digest and run envelope, then replay posture (exit 0 verified, 1 tampered, 2 unverifiable)")
    .option('--platform-key <file|kid>', 'The platform key you trust: a JWK/JWKS file, or its kid (from `assay-admin platform-key show`, compared out of band)')
    .option('--ci-key <file>', 'A CI public key (JWK or JWKS file) to check run signatures with, instead of the keys the package lists (repeatable)', { type: [String] })
    .example('assay-verify audit m1-audit.tar --platform-key 3q2-H4sv...')
    .action(async (file: string, options: Record<string, unknown>) => {
      const { auditCommand } = await import('./commands/audit.js');
      await auditCommand({ file, platformKey: options.platformKey as string | undefined, ciKeys: (options.ciKey as string[] | undefined) ?? [], output: String(options.output) }, io);
    });

  cli.help();
  // Not cac's `version()`, which logs to the console: the line goes through io, the same line the bin's fast path prints.
  cli.option('-v, --version', 'Display version number');
  cli.parse(['node', TOOL.name, ...withJoinedOptionValues(cli, argv)], { run: false });
  if (cli.options.version && !cli.options.help) return void io.stdout.write(`${versionLine()}\n`);
  if (cli.options.help) return;
  if (!cli.matchedCommand) {
    const [first] = cli.args;
    throw new UsageError(first ? `unknown command "${first}" (try --help)` : 'no command given (try --help)');
  }
  await cli.runMatchedCommand();
}

export interface CommonOptions {
  output: string;
  projectRoot: string;
  testTimeoutSeconds: number;
  tier2: Tier2Flags;
  /** Tier 2 keys and endpoints (ASSAY_TIER2_PROVIDER, ANTHROPIC_*, OPENAI_*, OLLAMA_BASE_URL). */
  tier2Env: Tier2Env;
}

/** Where the platform is: flags first, then the environment (read here, the CLI's one place for it). */
function platformOptions(options: Record<string, unknown>) {
  return { apiUrl: options.apiUrl as string | undefined, apiKey: options.apiKey as string | undefined, env: process.env };
}

function common(options: Record<string, unknown>): CommonOptions {
  const output = String(options.output);
  if (!(OUTPUT_FORMATS as readonly string[]).includes(output)) {
    throw new UsageError(`unknown output format "${output}"; use one of ${OUTPUT_FORMATS.join(', ')}`);
  }
  const seconds = Number(options.testTimeout);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError('--test-timeout must be a positive number of seconds');
  return { output, projectRoot: String(options.projectRoot), testTimeoutSeconds: seconds, tier2: tier2FlagsOf(options), tier2Env: process.env };
}
