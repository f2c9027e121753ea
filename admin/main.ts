import { readFile, writeFile } from 'node:fs/promises';
import { cac } from 'cac';

/**
 * `assay-admin`: manage a workspace's API keys and CI public keys through the platform API,
 * with an admin key (`--api-key` or ASSAY_API_KEY; the first start prints one).
 */
class UsageError extends Error {}

const cli = cac('assay-admin');
cli.option('--api-url <url>', 'Platform URL (or ASSAY_API_URL)').option('--api-key <key>', 'Admin API key (or ASSAY_API_KEY)');

async function call(options: Record<string, unknown>, method: string, path: string, body?: unknown, key = workspaceKey(options)): Promise<unknown> {
  const apiUrl = (options.apiUrl as string | undefined) ?? process.env.ASSAY_API_URL ?? 'http://127.0.0.1:3000';
  const response = await fetch(new URL(path, apiUrl), {
    method,
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as { message?: string }) : null;
  if (!response.ok) throw new UsageError(`${method} ${path} answered ${response.status}: ${parsed?.message ?? text}`);
  return parsed;
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
/** A file the API answers (an export): written to `output`, else to stdout. */
async function download(options: Record<string, unknown>, path: string, output: string | undefined): Promise<void> {
  const apiUrl = (options.apiUrl as string | undefined) ?? process.env.ASSAY_API_URL ?? 'http://127.0.0.1:3000';
  const response = await fetch(new URL(path, apiUrl), { headers: { 'x-api-key': workspaceKey(options) } });
  if (!response.ok) {
    const text = await response.text();
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // Not the API's JSON error: show the body as it came.
    }
    throw new UsageError(`GET ${path} answered ${response.status}: ${message}`);
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (output) {
    await writeFile(output, bytes);
    process.stderr.write(`wrote ${bytes.length} bytes to ${output}\n`);
  } else process.stdout.write(bytes);
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
cli
  .command('export <model>', 'Export a model: `export M1 --format audit -o m1-audit.tar` (the signed package `assay-verify audit` checks offline)')
  .option('--format <format>', 'audit', { default: 'audit' })
  .option('-o, --output <file>', 'Write to this file (default: stdout)')
  .action(async (model: string, o) => download(o, `/api/models/${encodeURIComponent(model)}/export?format=${encodeURIComponent(String(o.format))}`, o.output as string | undefined));
cli
  .command(
    'platform-key <action>',
    "The key that signs audit packages: `platform-key show` (the key in use, its kid = RFC 7638 thumbprint, and every retired key; compare it out of band before pinning it), `platform-key rotate` (instance administrator)",
  )
  .option('--instance-key <key>', 'Instance administrator key (or ASSAY_INSTANCE_ADMIN_KEY), for rotate')
  .action(async (action: string, o) => {
    if (action === 'show') {
      // Public: the JWKS needs no key, so anyone can compare the fingerprint.
      const jwks = (await call(o, 'GET', '/.well-known/assay/keys.json', undefined, '')) as { keys: Array<{ kid: string; exp?: number }> };
      return print({ current: jwks.keys.find((k) => k.exp === undefined)?.kid ?? null, keys: jwks.keys });
    }
    if (action === 'rotate') return print(await call(o, 'POST', '/instance/platform-key/rotate', undefined, instanceKey(o)));
    throw new UsageError('use: platform-key show | platform-key rotate');
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
cli.help();

try {
  cli.parse(process.argv, { run: false });
  if (!cli.matchedCommand && !cli.options.help) throw new UsageError('unknown command (try --help)');
  await cli.runMatchedCommand();
} catch (error) {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exitCode = error instanceof UsageError || (error as Error).name === 'CACError' ? 2 : 1;
}
