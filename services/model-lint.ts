import { lintModel } from '../domain/model-lint.js';
import type { ModelLint } from '../domain/schemas/model-lint.js';
import type { ServiceDeps } from './deps.js';
import { ConflictError } from './errors.js';
import { latestVersionOf, requireModel } from './require-model.js';

export interface ModelLintReport extends ModelLint {
  modelId: string;
  version: number;
}

/** The short form shown with a finished generation or refinement: reach figures and issue counts. */
export type LintSummary = Pick<ModelLint, 'objectives' | 'counts'>;

/** Model quality checks (domain/model-lint.ts) over a model's latest version. */
export function createModelLintService(deps: ServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const models = deps.stores.models;
  return {
    async lint(workspaceId: string, modelId: string): Promise<ModelLintReport> {
      const model = await requireModel(models, workspaceId, modelId);
      const latest = await latestVersionOf(models, model);
      if (!latest) throw new ConflictError(`model ${modelId} is still being generated`);
      return { modelId, version: latest.version, ...lintModel(latest.content, now().toISOString()) };
    },

    /** The summary for a stored version, or undefined when it is not there (any more). */
    async summary(workspaceId: string, modelId: string, version: number): Promise<LintSummary | undefined> {
      const found = await models.getVersion(workspaceId, modelId, version);
      if (!found) return undefined;
      const { objectives, counts } = lintModel(found.content, now().toISOString());
      return { objectives, counts };
    },
  };
}
