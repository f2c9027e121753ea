import { UsageError } from '../../verify/errors.js';
import { printJson, segment, type AdminDeps } from './io.js';

export interface TrackedBranchOptions {
  model: string;
  branch?: string | undefined;
  clear: boolean;
}

/** `tracked-branch M [BRANCH] [--clear]`: show, set or clear the branch whose runs move the model's posture. */
export async function trackedBranchCommand(options: TrackedBranchOptions, { client, io }: AdminDeps): Promise<void> {
  const path = `/api/models/${segment(options.model)}/tracked-branch`;
  if (options.clear && options.branch) throw new UsageError('give a branch or --clear, not both');
  if (!options.clear && !options.branch) return printJson(io, await client.workspace('GET', path));
  printJson(io, await client.workspace('PUT', path, { branch: options.clear ? null : options.branch }));
}

export interface SufficiencyOptions {
  action: string;
  model: string;
  control: string;
  reason?: string | undefined;
}

/** `sufficiency show|approve|reject M C [--reason R]`: an admin's decision on a control's assertion set (lapses when the set changes). */
export async function sufficiencyCommand(options: SufficiencyOptions, { client, io }: AdminDeps): Promise<void> {
  const path = `/api/models/${segment(options.model)}/controls/${segment(options.control)}/sufficiency`;
  if (options.action === 'show') return printJson(io, await client.workspace('GET', path));
  if (options.action === 'approve' || options.action === 'reject') {
    if (!options.reason) throw new UsageError(`sufficiency ${options.action} needs --reason`);
    return printJson(io, await client.workspace('POST', `${path}/${options.action}`, { reason: options.reason }));
  }
  throw new UsageError('use: sufficiency show|approve|reject MODEL CONTROL [--reason R]');
}
