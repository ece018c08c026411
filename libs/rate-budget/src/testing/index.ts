/**
 * `@attio-auth/rate-budget/testing`: the multi-process run (children that each want N reads per second for
 * one token through the shared budget) and a private redis-server that can be stopped and restarted, shared
 * by this lib's specs and the shared-limiter benchmark so neither copies them. Not part of the main entry.
 */
export type { ChildArgs, ChildLog, ChildResult } from './budget-child.js';
export { runChildren, type Children } from './run-children.js';
export {
  freePort,
  redisReachable,
  redisServerInstalled,
  startOwnRedis,
  DEFAULT_TEST_REDIS_URL,
  type OwnRedis,
} from './redis-harness.js';
