import { NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import { buildWorkflowBundle } from './workflow-bundle.js';

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (tests build it once per file); otherwise built by a child process. */
  workflowBundle?: WorkflowBundle;
}

/** Composition of a worker: the workflows' sandboxed bundle, activities over real deps. */
export async function createWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: options.workflowBundle ?? (await buildWorkflowBundle()),
    activities: createActivities(options.deps),
  });
}
