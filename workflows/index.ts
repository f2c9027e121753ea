// The worker's workflowsPath: every workflow the worker runs is exported here.
export { findingLifecycle } from './finding-lifecycle.js';
export { generateThreatModel } from './generate-threat-model.js';
export { modelAssurance } from './model-assurance.js';
export { refineThreatModel } from './refine-threat-model.js';
export { jiraIssueTrigger } from './jira-issue-trigger.js';
export { publishEvents } from './publish-events.js';
export { slackCommand } from './slack-command.js';
