import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from './workflow-bundle.js';

// Run by buildWorkflowBundle in a process of its own: prints the bundle's code to stdout; the
// bundler's warnings and errors go to stderr.
const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
process.stdout.write(code);
