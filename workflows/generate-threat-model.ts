import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { storeActivityOptions } from '../temporal.config.js';

const { saveModelVersion, setModelStatus } = proxyActivities<Activities>(storeActivityOptions);

export interface GenerateThreatModelInput {
  workspaceId: string;
  modelId: string;
  title: string;
  description: string;
}

export interface GenerateThreatModelResult {
  modelId: string;
  version: number;
}

/** Turns a feature description into the first version of a threat model. */
export async function generateThreatModel(input: GenerateThreatModelInput): Promise<GenerateThreatModelResult> {
  const createdAt = new Date(workflowInfo().startTime).toISOString();
  await saveModelVersion({
    workspaceId: input.workspaceId,
    modelId: input.modelId,
    version: 1,
    createdAt,
    change: 'created from the feature description',
    content: {
      title: input.title,
      description: input.description,
      assets: [],
      attackers: [],
      trustBoundaries: [],
      objectives: [],
      controls: [],
      assumptions: [],
    },
  });
  await setModelStatus({ workspaceId: input.workspaceId, modelId: input.modelId, status: 'ready', at: createdAt });
  return { modelId: input.modelId, version: 1 };
}
