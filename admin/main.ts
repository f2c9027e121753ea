import { readFile, writeFile } from 'node:fs/promises';
import { cac } from 'cac';

/**
 * `assay-admin`: manage a workspace's API keys and CI public keys through the platform API,
 * with an admin key (`--api-key` or ASSAY_API_KEY; the first start prints one).
 */
class UsageError extends Error {}

const cli = cac('assay-admin');
cli.option('--api-url <url>', 'Platform URL (or ASSAY_API_URL)').option('--api-key <key>', 'Admin API key (or ASSAY_API_KEY)');

/** The answer's bytes; a non-2xx answer is a UsageError with the platform's message. */
async function request(options: Record<string, unknown>, method: string, path: string, body?: unknown, key = workspaceKey(options)): Promise<Uint8Array> {
  const apiUrl = (options.apiUrl as string | undefined) ?? process.env.ASSAY_API_URL ?? 'http://127.0.0.1:3000';
  const response = await fetch(new URL(path, apiUrl), {
    method,
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!response.ok) {
    const text = new TextDecoder().decode(bytes);
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // not JSON: the text itself is the message
    }
    throw new UsageError(`${method} ${path} answered ${response.status}: ${message}`);
  }
  return bytes;
}
async function call(options: Record<string, unknown>, method: string, path: string, body?: unknown, key = workspaceKey(options)): Promise<unknown> {
  const text = new TextDecoder().decode(await request(options, method, path, body, key));
  return text ? (JSON.parse(text) as unknown) : null;
}
function workspaceKey(options: Record<string, unknown>): string {
  const key = (options.apiKey as string | undefined) ?? process.env.ASSAY_API_KEY;
  if (!key) throw new UsageError('no API key: pass --api-key or set ASSAY_API_KEY (an admin key)');
  return key;
}
/** The instance administrator's key is never a workspace key, so it has its own option and variable. */
function instanceKey(options: Record<string, unknown>): string {
  const key = (options.instanceKey as string | undefined) ?? process.env.ASSAY_INSTANCE_ADMIN_KEY;
  if (!key) throw new UsageError('no instance key: pass --instance-key or set ASSAY_INSTANCE_ADMIN_KEY (printed on first start)');
  return key;
}
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

cli
  .command('keys <action> [id]', 'API keys: `keys list`, `keys create --name N --scope S…` (secret shown once), `keys revoke ID`')
  .option('--name <name>', 'What the key is for')
  .option('--scope <scope>', 'agent, verifier or admin (repeatable)', { type: [String] })
  .action(async (action: string, id: string | undefined, o) => {
    if (action === 'list') return print(await call(o, 'GET', '/api/workspace/keys'));
    if (action === 'create') {
      if (!o.name || !o.scope?.length) throw new UsageError('keys create needs --name and at least one --scope');
      return print(await call(o, 'POST', '/api/workspace/keys', { name: o.name, scopes: o.scope }));
    }
    if (action === 'revoke' && id) {
      await call(o, 'DELETE', `/api/workspace/keys/${encodeURIComponent(id)}`);
      return print({ revoked: id });
    }
    throw new UsageError('use: keys list | keys create --name N --scope S | keys revoke ID');
  });
cli
  .command('ci-keys <action> [arg]', 'CI signing keys: `ci-keys list`, `ci-keys add JWK_FILE [--name N]` (from `assay-verify keygen`), `ci-keys revoke KEY_ID`')
  .option('--name <name>', 'Which pipeline signs with it', { default: 'ci' })
  .action(async (action: string, arg: string | undefined, o) => {
    if (action === 'list') return print(await call(o, 'GET', '/api/workspace/ci-keys'));
    if (action === 'add' && arg) {
      const jwk = JSON.parse(await readFile(arg, 'utf8')) as unknown;
      return print(await call(o, 'POST', '/api/workspace/ci-keys', { name: o.name, jwk }));
    }
    if (action === 'revoke' && arg) {
      await call(o, 'DELETE', `/api/workspace/ci-keys/${encodeURIComponent(arg)}`);
      return print({ revoked: arg });
    }
    throw new UsageError('use: ci-keys list | ci-keys add JWK_FILE [--name N] | ci-keys revoke KEY_ID');
  });
cli
  .command('proposals <action> <model> [proposal]', 'Refinements agent keys proposed: `proposals list M1`, `proposals show M1 P2` (with its diff), `proposals approve M1 P2`, `proposals reject M1 P2 [--reason R]`')
  .option('--reason <reason>', 'Why a proposal is rejected')
  .action(async (action: string, model: string, proposal: string | undefined, o) => {
    const base = `/api/models/${encodeURIComponent(model)}/proposals`;
    if (action === 'list') return print(await call(o, 'GET', base));
    if (proposal && action === 'show') return print(await call(o, 'GET', `${base}/${encodeURIComponent(proposal)}`));
    if (proposal && action === 'approve') return print(await call(o, 'POST', `${base}/${encodeURIComponent(proposal)}/approve`));
    if (proposal && action === 'reject') return print(await call(o, 'POST', `${base}/${encodeURIComponent(proposal)}/reject`, o.reason ? { reason: o.reason } : {}));
    throw new UsageError('use: proposals list MODEL | proposals show|approve|reject MODEL PROPOSAL [--reason R]');
  });
cli
  .command('workspaces <action> [id]', 'Instance administrator: `workspaces list`, `workspaces create ID [--name N]` (prints its first admin key once)')
  .option('--name <name>', 'Display name of the new workspace')
  .option('--instance-key <key>', 'Instance administrator key (or ASSAY_INSTANCE_ADMIN_KEY)')
  .action(async (action: string, id: string | undefined, o) => {
    if (action === 'list') return print(await call(o, 'GET', '/instance/workspaces', undefined, instanceKey(o)));
    if (action === 'create' && id) return print(await call(o, 'POST', '/instance/workspaces', { id, ...(o.name ? { name: o.name } : {}) }, instanceKey(o)));
    throw new UsageError('use: workspaces list | workspaces create ID [--name N]');
  });
cli.command('workspace', "Show the workspace: its policy and trusted CI OIDC issuers").action(async (o) => print(await call(o, 'GET', '/api/workspace')));
cli
  .command('policy <level>', 'Which control level counts towards mitigated: `verified` (Tier 1 + Tier 2 + sufficient) or `tier1`')
  .action(async (level: string, o) => print(await call(o, 'PUT', '/api/workspace/policy', { requiredLevel: level })));
cli
  .command('trusted-issuers <file>', 'Replace the trusted CI OIDC issuers with a JSON array of {provider, issuer, audience, repositories}')
  .action(async (file: string, o) => print(await call(o, 'PUT', '/api/workspace/trusted-issuers', { issuers: JSON.parse(await readFile(file, 'utf8')) as unknown })));
cli
  .command('tracked-branch <model> [branch]', "Show a model's tracked branch, set it (`tracked-branch M1 main`), or `--clear` it (back to the default branch CI reports)")
  .option('--clear', 'Go back to the default branch as CI reports it')
  .action(async (model: string, branch: string | undefined, o) => {
    const path = `/api/models/${encodeURIComponent(model)}/tracked-branch`;
    if (o.clear && branch) throw new UsageError('give a branch or --clear, not both');
    if (!o.clear && !branch) return print(await call(o, 'GET', path));
    return print(await call(o, 'PUT', path, { branch: o.clear ? null : branch }));
  });
cli
  .command(
    'sufficiency <action> <model> <control>',
    "A control's assertion set: `sufficiency show MODEL CONTROL`, `sufficiency approve|reject MODEL CONTROL --reason R` (lapses when the set changes)",
  )
  .option('--reason <reason>', 'Why the set does (or does not) prove every verification criterion')
  .action(async (action: string, model: string, control: string, o) => {
    const path = `/api/models/${encodeURIComponent(model)}/controls/${encodeURIComponent(control)}/sufficiency`;
    if (action === 'show') return print(await call(o, 'GET', path));
    if (action === 'approve' || action === 'reject') {
      if (!o.reason) throw new UsageError(`sufficiency ${action} needs --reason`);
      return print(await call(o, 'POST', `${path}/${action}`, { reason: String(o.reason) }));
    }
    throw new UsageError('use: sufficiency show|approve|reject MODEL CONTROL [--reason R]');
  });
cli
  .command('export <model>', "A model's export, as the platform renders it: `export M1 --format oscal|sarif|html [-o FILE]` (to stdout without -o)")
  .option('--format <format>', 'oscal (OSCAL 1.1.3 assessment results), sarif (the latest accepted run) or html (a printable report)')
  .option('-o, --output <file>', 'Write the export to FILE')
  .action(async (model: string, o) => {
    if (!o.format) throw new UsageError('export needs --format oscal|sarif|html');
    // The platform validates the format (an unknown one is its 400), so every format it serves is one path here.
    const bytes = await request(o, 'GET', `/api/models/${encodeURIComponent(model)}/export?format=${encodeURIComponent(String(o.format))}`);
    if (o.output) {
      await writeFile(String(o.output), bytes);
      return print({ model, format: o.format, file: o.output, bytes: bytes.length });
    }
    process.stdout.write(bytes);
  });
cli.help();

try {
  cli.parse(process.argv, { run: false });
  if (!cli.matchedCommand && !cli.options.help) throw new UsageError('unknown command (try --help)');
  await cli.runMatchedCommand();
} catch (error) {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exitCode = error instanceof UsageError || (error as Error).name === 'CACError' ? 2 : 1;
}
