import { cac } from 'cac';
import { UsageError } from '../verify/errors.js';
import type { CliIO } from '../verify/io.js';
import { withJoinedOptionValues } from '../verify/option-values.js';
import { createAdminClient } from './client.js';
import type { AdminDeps } from './commands/io.js';

export const ADMIN_TOOL = 'assay-admin';

/**
 * The command table of `assay-admin`, shaped like assay-verify's (verify/cli.ts): each action
 * imports its command, a plain function of its options (admin/commands/<group>.ts), and gets
 * the platform client built from the flags and the environment (read here, and only here).
 */
export async function runAdminCli(argv: readonly string[], io: CliIO, env: NodeJS.ProcessEnv): Promise<void> {
  const cli = cac(ADMIN_TOOL);
  cli.option('--api-url <url>', 'Platform URL (or ASSAY_API_URL)').option('--api-key <key>', 'Admin API key (or ASSAY_API_KEY)');
  const deps = (o: Record<string, unknown>): AdminDeps => ({
    io,
    client: createAdminClient({
      apiUrl: str(o.apiUrl) ?? env.ASSAY_API_URL ?? 'http://127.0.0.1:3000',
      apiKey: str(o.apiKey) ?? env.ASSAY_API_KEY,
      instanceKey: str(o.instanceKey) ?? env.ASSAY_INSTANCE_ADMIN_KEY,
    }),
  });

  cli
    .command('keys <action> [id]', 'API keys: `keys list`, `keys create --name N --scope S…` (secret shown once), `keys revoke ID`')
    .option('--name <name>', 'What the key is for')
    .option('--scope <scope>', 'agent, verifier, admin or viewer (repeatable)', { type: [String] })
    .action(async (action: string, id: string | undefined, o: Record<string, unknown>) => {
      const { keysCommand } = await import('./commands/keys.js');
      await keysCommand({ action, id, name: str(o.name), scopes: (o.scope as string[] | undefined) ?? [] }, deps(o));
    });
  cli
    .command('ci-keys <action> [arg]', 'CI signing keys: `ci-keys list`, `ci-keys add JWK_FILE [--name N]` (from `assay-verify keygen`), `ci-keys revoke KEY_ID`')
    .option('--name <name>', 'Which pipeline signs with it', { default: 'ci' })
    .action(async (action: string, arg: string | undefined, o: Record<string, unknown>) => {
      const { ciKeysCommand } = await import('./commands/ci-keys.js');
      await ciKeysCommand({ action, arg, name: String(o.name) }, deps(o));
    });
  cli
    .command('proposals <action> <model> [proposal]', 'Refinements agent keys proposed: `proposals list M1`, `proposals show M1 P2` (with its diff), `proposals approve M1 P2`, `proposals reject M1 P2 [--reason R]`')
    .option('--reason <reason>', 'Why a proposal is rejected')
    .action(async (action: string, model: string, proposal: string | undefined, o: Record<string, unknown>) => {
      const { proposalsCommand } = await import('./commands/proposals.js');
      await proposalsCommand({ action, model, proposal, reason: str(o.reason) }, deps(o));
    });
  cli
    .command('workspaces <action> [id]', 'Instance administrator: `workspaces list`, `workspaces create ID [--name N]` (prints its first admin key once)')
    .option('--name <name>', 'Display name of the new workspace')
    .option('--instance-key <key>', 'Instance administrator key (or ASSAY_INSTANCE_ADMIN_KEY)')
    .action(async (action: string, id: string | undefined, o: Record<string, unknown>) => {
      const { workspacesCommand } = await import('./commands/workspaces.js');
      await workspacesCommand({ action, id, name: str(o.name) }, deps(o));
    });
  cli.command('workspace', 'Show the workspace: its policy and trusted CI OIDC issuers').action(async (o: Record<string, unknown>) => {
    const { workspaceCommand } = await import('./commands/workspace.js');
    await workspaceCommand(deps(o));
  });
  cli
    .command('policy <level>', 'Which control level counts towards mitigated: `verified` (Tier 1 + Tier 2 + sufficient) or `tier1`')
    .action(async (level: string, o: Record<string, unknown>) => {
      const { policyCommand } = await import('./commands/workspace.js');
      await policyCommand({ level }, deps(o));
    });
  cli
    .command('trusted-issuers <file>', 'Replace the trusted CI OIDC issuers with a JSON array of {provider, issuer, audience, repositories}')
    .action(async (file: string, o: Record<string, unknown>) => {
      const { trustedIssuersCommand } = await import('./commands/workspace.js');
      await trustedIssuersCommand({ file }, deps(o));
    });
  cli
    .command('tracked-branch <model> [branch]', "Show a model's tracked branch, set it (`tracked-branch M1 main`), or `--clear` it (back to the default branch CI reports)")
    .option('--clear', 'Go back to the default branch as CI reports it')
    .action(async (model: string, branch: string | undefined, o: Record<string, unknown>) => {
      const { trackedBranchCommand } = await import('./commands/models.js');
      await trackedBranchCommand({ model, branch, clear: Boolean(o.clear) }, deps(o));
    });
  cli
    .command(
      'sufficiency <action> <model> <control>',
      "A control's assertion set: `sufficiency show MODEL CONTROL`, `sufficiency approve|reject MODEL CONTROL --reason R` (lapses when the set changes)",
    )
    .option('--reason <reason>', 'Why the set does (or does not) prove every verification criterion')
    .action(async (action: string, model: string, control: string, o: Record<string, unknown>) => {
      const { sufficiencyCommand } = await import('./commands/models.js');
      await sufficiencyCommand({ action, model, control, reason: str(o.reason) }, deps(o));
    });

  cli
    .command('export <model>', "A model's export, as the platform renders it: `export M1 --format audit|oscal|sarif|html [-o FILE]` (to stdout without -o)")
    .option('--format <format>', 'audit (the signed package `assay-verify audit` checks offline), oscal (OSCAL 1.1.3 assessment results), sarif (the latest accepted run) or html (a printable report)')
    .option('-o, --output <file>', 'Write the export to FILE')
    .action(async (model: string, o: Record<string, unknown>) => {
      const { exportCommand } = await import('./commands/export.js');
      await exportCommand({ model, format: str(o.format), output: str(o.output) }, deps(o));
    });

  cli
    .command(
      'integrations <action> [name] [file]',
      'Jira and Slack: `integrations show`, `integrations set jira|slack SETTINGS.json` (secrets are stored sealed, never shown), `integrations remove jira|slack`',
    )
    .action(async (action: string, name: string | undefined, file: string | undefined, o: Record<string, unknown>) => {
      const { integrationsCommand } = await import('./commands/integrations.js');
      await integrationsCommand({ action, name, file }, deps(o));
    });
  cli
    .command('webhooks <action> [arg]', 'Outbound webhooks: `webhooks list`, `webhooks add URL --event E…` (secret shown once), `webhooks ping|resume|deliveries|remove ID`')
    .option('--event <type>', 'drift, finding.opened|acknowledged|remediated|verified|dismissed, posture.changed, run.rejected, model.generated (repeatable)', { type: [String] })
    .option('--secret <secret>', 'Signing secret (generated when omitted)')
    .action(async (action: string, arg: string | undefined, o: Record<string, unknown>) => {
      const { webhooksCommand } = await import('./commands/integrations.js');
      await webhooksCommand({ action, arg, events: (o.event as string[] | undefined) ?? [], secret: str(o.secret) }, deps(o));
    });

  cli
    .command(
      'platform-key <action>',
      'The key that signs audit packages: `platform-key show` (the key in use, its kid = RFC 7638 thumbprint, and every retired key; compare it out of band before pinning it), `platform-key rotate` (instance administrator)',
    )
    .option('--instance-key <key>', 'Instance administrator key (or ASSAY_INSTANCE_ADMIN_KEY), for rotate')
    .action(async (action: string, o: Record<string, unknown>) => {
      const { platformKeyCommand } = await import('./commands/platform-key.js');
      await platformKeyCommand({ action }, deps(o));
    });

  cli.help();
  cli.parse(['node', ADMIN_TOOL, ...withJoinedOptionValues(cli, argv)], { run: false });
  if (cli.options.help) return;
  if (!cli.matchedCommand) {
    const [first] = cli.args;
    throw new UsageError(first ? `unknown command "${first}" (try --help)` : 'no command given (try --help)');
  }
  await cli.runMatchedCommand();
}

/** An option's value as given, or undefined (cac gives numbers for numeric-looking values). */
const str = (value: unknown): string | undefined => (value === undefined || value === null || value === true ? undefined : String(value));
