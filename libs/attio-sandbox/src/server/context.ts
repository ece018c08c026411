/**
 * What every request handler receives: the state plus the mutable runtime parts (faults, limiters,
 * counters) and the injected clock. One object, built once in `startSandbox`.
 */
import type { CompiledFault } from '../faults/fault-rules.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import type { RequestCounters } from '../limits/request-counters.js';
import type { RevokeLimiter } from '../limits/revoke-limiter.js';
import type { SandboxState } from '../state/sandbox-state.js';

/**
 * Shared handler context.
 *
 * @example
 * ```ts
 * const ctx: SandboxContext = { state, limiter, revokeLimiter, counters, faults: [], now: Date.now, random: Math.random };
 * ```
 */
export interface SandboxContext {
  readonly state: SandboxState;
  readonly limiter: RateLimiter;
  /** The revocation endpoint's own per-IP budget, separate from the REST limits. */
  readonly revokeLimiter: RevokeLimiter;
  readonly counters: RequestCounters;
  faults: CompiledFault[];
  readonly now: () => number;
  readonly random: () => number;
}
