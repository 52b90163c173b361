// The worker's workflowsPath: every workflow function, nothing else.
export * from './certification/workflow';
export * from './plan-notification/workflow';
export * from './renewal-sweep/workflow';
export * from './renewal-watch/workflow';
export * from './register-import/workflow';
export * from './register-roll/workflow';
