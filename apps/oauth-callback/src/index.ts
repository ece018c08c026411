/**
 * What the workspace's tools (benchmarks, reliability suites, the demo) use of the callback service: build or
 * start it in-process, its config loader and logger, and the failure codes it reports. Not a published API.
 */
export { createApp } from './app.js';
export { loadConfig, type Config } from './config.js';
export { ExitCode } from './exit-code.js';
export { ServiceFailureCode } from './failures/service-failure-codes.js';
export { createLogger } from './logger.js';
export { createMetrics } from './metrics.js';
export { bindServer } from './server.js';
export { startService, type RunningService, type ShutdownReport } from './service.js';
