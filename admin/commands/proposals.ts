import { UsageError } from '../../verify/errors.js';
import { printJson, segment, type AdminDeps } from './io.js';

export interface ProposalsOptions {
  action: string;
  model: string;
  proposal?: string | undefined;
  reason?: string | undefined;
}

/** `proposals list M | show|approve|reject M P [--reason R]`: refinements agent keys proposed, decided by an admin. */
export async function proposalsCommand(options: ProposalsOptions, { client, io }: AdminDeps): Promise<void> {
  const base = `/api/models/${segment(options.model)}/proposals`;
  if (options.action === 'list') return printJson(io, await client.workspace('GET', base));
  const { proposal } = options;
  if (proposal && options.action === 'show') return printJson(io, await client.workspace('GET', `${base}/${segment(proposal)}`));
  if (proposal && options.action === 'approve') return printJson(io, await client.workspace('POST', `${base}/${segment(proposal)}/approve`));
  if (proposal && options.action === 'reject') {
    return printJson(io, await client.workspace('POST', `${base}/${segment(proposal)}/reject`, options.reason ? { reason: options.reason } : {}));
  }
  throw new UsageError('use: proposals list MODEL | proposals show|approve|reject MODEL PROPOSAL [--reason R]');
}
