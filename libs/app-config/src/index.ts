export { httpUrl } from './http-url.js';
export type { HttpUrlOptions } from './http-url.js';
export { loadConfig } from './load-config.js';
export type { Env, LoadConfigOptions } from './load-config.js';
export { ConfigError } from './config-error.js';
export type { ConfigProblem } from './config-error.js';
export { deepFreeze } from './deep-freeze.js';
