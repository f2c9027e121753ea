import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { SHARED_WORKFLOW_MODULES, WORKFLOWS_PATH } from './workflow-bundle.js';

// Run by buildWorkflowBundle in a process of its own: prints the bundle's code to stdout; the
// bundler's warnings and errors go to stderr.
const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, preloadModules: SHARED_WORKFLOW_MODULES, logger: new DefaultLogger('WARN') });
// A few dozen characters past Latin-1 (dashes and arrows in comments and messages) would make V8
// hold the whole ~3 MB text at two bytes a character, in the worker and again in its workflow
// thread. Escaped, they mean the same in comments, strings, templates and regular expressions.
process.stdout.write(code.replace(/[^\0-\xff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
