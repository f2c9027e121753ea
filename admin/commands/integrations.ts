import { UsageError } from '../../verify/errors.js';
import { printJson, readJson, segment, type AdminDeps } from './io.js';

export interface IntegrationsOptions {
  action: string;
  name?: string | undefined;
  file?: string | undefined;
}

/** `integrations show | set jira|slack FILE | remove jira|slack`: secrets go in sealed and never come back. */
export async function integrationsCommand(options: IntegrationsOptions, { client, io }: AdminDeps): Promise<void> {
  if (options.action === 'show') return printJson(io, await client.workspace('GET', '/api/integrations'));
  const { name } = options;
  if (name !== 'jira' && name !== 'slack') throw new UsageError('name the integration: jira or slack');
  if (options.action === 'set' && options.file) return printJson(io, await client.workspace('PUT', `/api/integrations/${name}`, await readJson(options.file)));
  if (options.action === 'remove') {
    await client.workspace('DELETE', `/api/integrations/${name}`);
    return printJson(io, { removed: name });
  }
  throw new UsageError('use: integrations show | integrations set jira|slack FILE | integrations remove jira|slack');
}

export interface WebhooksOptions {
  action: string;
  arg?: string | undefined;
  events: string[];
  secret?: string | undefined;
}

const WEBHOOKS = '/api/integrations/webhooks';
const ON_ONE_SUBSCRIPTION: Record<string, 'GET' | 'POST'> = { ping: 'POST', resume: 'POST', deliveries: 'GET' };

/** `webhooks list | add URL --event E… [--secret S] | ping|resume|deliveries|remove ID`. */
export async function webhooksCommand(options: WebhooksOptions, { client, io }: AdminDeps): Promise<void> {
  const { action, arg } = options;
  if (action === 'list') return printJson(io, await client.workspace('GET', WEBHOOKS));
  if (action === 'add' && arg) {
    if (!options.events.length) throw new UsageError('webhooks add needs at least one --event');
    return printJson(io, await client.workspace('POST', WEBHOOKS, { url: arg, events: options.events, ...(options.secret ? { secret: options.secret } : {}) }));
  }
  const method = ON_ONE_SUBSCRIPTION[action];
  if (arg && method) return printJson(io, await client.workspace(method, `${WEBHOOKS}/${segment(arg)}/${action}`));
  if (arg && action === 'remove') {
    await client.workspace('DELETE', `${WEBHOOKS}/${segment(arg)}`);
    return printJson(io, { removed: arg });
  }
  throw new UsageError('use: webhooks list | webhooks add URL --event E… [--secret S] | webhooks ping|resume|deliveries|remove ID');
}
