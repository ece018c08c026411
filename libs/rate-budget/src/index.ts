/**
 * The public API of @attio-auth/rate-budget, listed name by name: one Attio rate budget (and one per-key
 * hit limit) shared by every process on the same Redis or PostgreSQL, on rate-limiter-flexible.
 * Withheld: the slot bookkeeping behind the stores (consumeObserved, observedInsurance).
 */
export {
  createPostgresRateBudget,
  createRedisRateBudget,
  type PostgresRateBudgetOptions,
  type RateBudgetCommonOptions,
  type RedisRateBudgetOptions,
} from './create-rate-budgets.js';
export { FallbackMonitor, type LimiterMode } from './fallback-monitor.js';
export type { LimiterSpec, LimiterStore, ObservedLimiter } from './limiter-store.js';
export {
  openSharedLimiter,
  type OpenSharedLimiter,
  type SharedLimiterSettings,
} from './open-shared-limiter.js';
export {
  createPostgresLimiterStore,
  type PostgresLimiterStoreOptions,
  type PostgresPoolLike,
} from './postgres-limiter-store.js';
export { createRedisLimiterStore, type RedisLimiterStoreOptions } from './redis-limiter-store.js';
export {
  createSharedHitLimiter,
  type HitLimiter,
  type HitVerdict,
  type SharedHitLimiterOptions,
} from './shared-hit-limiter.js';
export {
  createSharedRateBudget,
  type SharedRateBudget,
  type SharedRateBudgetOptions,
} from './shared-rate-budget.js';
export { planWindow, type WindowPlan } from './window-plan.js';
