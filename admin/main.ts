import { readFile } from 'node:fs/promises';
import { cac } from 'cac';

/**
 * `assay-admin`: manage a workspace's API keys and CI public keys through the platform API,
 * with an admin key (`--api-key` or ASSAY_API_KEY; the first start prints one).
 */
class UsageError extends Error {}

const cli = cac('assay-admin');
cli.option('--api-url <url>', 'Platform URL (or ASSAY_API_URL)').option('--api-key <key>', 'Admin API key (or ASSAY_API_KEY)');

async function call(options: Record<string, unknown>, method: string, path: string, body?: unknown): Promise<unknown> {
  const apiUrl = (options.apiUrl as string | undefined) ?? process.env.ASSAY_API_URL ?? 'http://127.0.0.1:3000';
  const apiKey = (options.apiKey as string | undefined) ?? process.env.ASSAY_API_KEY;
  if (!apiKey) throw new UsageError('no API key: pass --api-key or set ASSAY_API_KEY (an admin key)');
  const response = await fetch(new URL(path, apiUrl), {
    method,
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as { message?: string }) : null;
  if (!response.ok) throw new UsageError(`${method} ${path} answered ${response.status}: ${parsed?.message ?? text}`);
  return parsed;
}
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

cli.command('keys list', 'List the workspace API keys (never their secrets)').action(async (o) => print(await call(o, 'GET', '/api/workspace/keys')));
cli
  .command('keys create', 'Create an API key; its secret is shown once')
  .option('--name <name>', 'What the key is for')
  .option('--scope <scope>', 'agent, verifier or admin (repeatable)', { type: [String] })
  .action(async (o) => {
    if (!o.name || !o.scope?.length) throw new UsageError('keys create needs --name and at least one --scope');
    print(await call(o, 'POST', '/api/workspace/keys', { name: o.name, scopes: o.scope }));
  });
cli.command('keys revoke <id>', 'Revoke an API key at once').action(async (id: string, o) => {
  await call(o, 'DELETE', `/api/workspace/keys/${encodeURIComponent(id)}`);
  print({ revoked: id });
});
cli.command('ci-keys list', "List the workspace's CI signing keys").action(async (o) => print(await call(o, 'GET', '/api/workspace/ci-keys')));
cli
  .command('ci-keys add <jwkFile>', 'Register a CI public key (EC P-256 JWK, e.g. from `assay-verify keygen`)')
  .option('--name <name>', 'Which pipeline signs with it', { default: 'ci' })
  .action(async (jwkFile: string, o) => {
    const jwk = JSON.parse(await readFile(jwkFile, 'utf8')) as unknown;
    print(await call(o, 'POST', '/api/workspace/ci-keys', { name: o.name, jwk }));
  });
cli.command('ci-keys revoke <keyId>', 'Stop trusting a CI key').action(async (keyId: string, o) => {
  await call(o, 'DELETE', `/api/workspace/ci-keys/${encodeURIComponent(keyId)}`);
  print({ revoked: keyId });
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
