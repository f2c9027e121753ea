import { cac } from 'cac';
import { UsageError } from './errors.js';
import type { CliIO } from './io.js';
import { OUTPUT_FORMATS } from './report/render.js';
import { TOOL } from './version.js';

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

  cli
    .command('verify <type>', 'Check one assertion given on the command line')
    .option('-p, --param <key=value>', 'A parameter (repeatable); JSON for lists, objects and booleans, else a string', { type: [String] })
    .example('assay-verify verify file_exists -p file=src/auth.ts')
    .example(`assay-verify verify pattern_absent -p 'files=["src/**/*.ts"]' -p pattern='eval\\('`)
    .action(async (type: string, options: Record<string, unknown>) => {
      const { verifyCommand } = await import('./commands/verify.js');
      await verifyCommand({ type, params: (options.param as string[] | undefined) ?? [], ...common(options) }, io);
    });

  cli
    .command('check <file>', 'Check every assertion in a JSON file: [{id?, type, params, description?}]')
    .action(async (file: string, options: Record<string, unknown>) => {
      const { checkCommand } = await import('./commands/check.js');
      await checkCommand({ file, ...common(options) }, io);
    });

  cli.help();
  cli.version(TOOL.version);
  cli.parse(['node', TOOL.name, ...argv], { run: false });
  if (cli.options.help || cli.options.version) return;
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
}

function common(options: Record<string, unknown>): CommonOptions {
  const output = String(options.output);
  if (!(OUTPUT_FORMATS as readonly string[]).includes(output)) {
    throw new UsageError(`unknown output format "${output}"; use one of ${OUTPUT_FORMATS.join(', ')}`);
  }
  const seconds = Number(options.testTimeout);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError('--test-timeout must be a positive number of seconds');
  return { output, projectRoot: String(options.projectRoot), testTimeoutSeconds: seconds };
}
