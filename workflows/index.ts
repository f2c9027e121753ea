// The worker's workflowsPath: every workflow the worker runs is exported here.
export { generateThreatModel } from './generate-threat-model.js';
