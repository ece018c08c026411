export { httpUrl } from './http-url.js';
export type { HttpUrlOptions } from './http-url.js';
export { loadConfig } from './load-config.js';
export type { Env, LoadConfigOptions } from './load-config.js';
export type { ConfigRule } from './config-rule.js';
export { ConfigError } from './config-error.js';
export type { ConfigProblem } from './config-error.js';
export { deepFreeze } from './deep-freeze.js';
export { layerEnv, readDotEnv } from './dot-env.js';
export type { DotEnv, ReadDotEnvOptions } from './dot-env.js';
export { DotEnvError } from './dot-env-error.js';
export { flag } from './flag.js';
export { problemCheck } from './problem-check.js';
export { httpsRequired, isLoopbackHost } from './https-required.js';
export type { HttpsRequiredOptions } from './https-required.js';
export { estimateEntropyBits, weakSecretProblem } from './secret-strength.js';
export type { SecretStrengthOptions } from './secret-strength.js';
export { listenProblem } from './listen-problem.js';
export type { ListenTarget } from './listen-problem.js';
export {
  sharedLimiterRule,
  sharedLimiterSettings,
  sharedLimiterVariables,
} from './shared-limiter-config.js';
export type { SharedLimiterConfig, SharedLimiterValues } from './shared-limiter-config.js';
