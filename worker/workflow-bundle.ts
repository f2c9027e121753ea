import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { WorkflowBundle } from '@temporalio/worker';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
/**
 * Loaded once into the V8 context every workflow of a worker shares (Temporal's `preloadModules`),
 * with what they import: a workflow evaluates every other module it reaches again for itself.
 * Only stateless modules belong here; the worker deep-freezes what they export.
 */
export const SHARED_WORKFLOW_MODULES = ['../workflows/signal-payloads.ts', '../domain/canonical-json.ts'].map((path) => fileURLToPath(new URL(path, import.meta.url)));
const BUILD_SCRIPT = fileURLToPath(new URL('./build-workflow-bundle.ts', import.meta.url));
/** Where `--import tsx` resolves, whatever directory the worker was started from. */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The bundle is ~3 MB; far more would mean something else reached stdout. */
const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

/**
 * The workflow bundle, built by a child process: webpack's working set (~150 MiB) would otherwise
 * stay in the worker's resident memory for as long as it runs. The bundler's own messages pass
 * through to this process's stderr.
 */
export async function buildWorkflowBundle(): Promise<WorkflowBundle> {
  const child = promisify(execFile)(process.execPath, ['--import', 'tsx', BUILD_SCRIPT], { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: MAX_BUNDLE_BYTES });
  child.child.stderr?.pipe(process.stderr);
  // A worker stopped while it bundles (SIGTERM from a supervisor) takes the build with it.
  const stopBuild = () => child.child.kill();
  process.once('exit', stopBuild);
  try {
    const { stdout } = await child;
    if (!stdout) throw new Error('the workflow bundle build printed no code');
    return { code: stdout };
  } finally {
    process.off('exit', stopBuild);
  }
}
