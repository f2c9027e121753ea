import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tier1Result } from '../../domain/schemas/assertion.js';
import type { CheckContext } from './check.js';
import { TIER1_REGISTRY } from './registry.js';
import { runTier1 } from './run.js';

/** Test support: the multi-language fixture project and throwaway projects from file maps. */
export const SAMPLE_PROJECT = fileURLToPath(new URL('../fixtures/sample-project', import.meta.url));

export interface TempProject {
  root: string;
  remove(): Promise<void>;
}

export async function tempProject(files: Record<string, string | Buffer>): Promise<TempProject> {
  const root = await mkdtemp(path.join(tmpdir(), 'assay-fixture-'));
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), content);
  }
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/** One assertion through the real pipeline: registry lookup, param validation, check. */
export async function verifyOne(ctx: CheckContext, type: string, params: Record<string, unknown>): Promise<Tier1Result> {
  const [result] = await runTier1([{ id: 'T1', type, params }], ctx, TIER1_REGISTRY);
  return result as Tier1Result;
}
