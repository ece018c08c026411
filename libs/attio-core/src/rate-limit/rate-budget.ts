/**
 * The contract every rate limiter of the client meets: a budget of requests per token key and request class,
 * plus the 429 pause shared by everyone who spends from that budget.
 *
 * Two implementations exist: {@link LocalRateBudget} (in-process, the default: one per client) and the shared
 * ones in `@attio-auth/rate-budget` (Redis or PostgreSQL), which make several processes spend from one
 * budget, because Attio counts its limits per token, not per process
 * (https://docs.attio.com/rest-api/guides/rate-limiting).
 *
 * Why `acquire` hands back a release: the in-process limiter holds a slot until one window after the request
 * completed (see sliding-window-throttle.ts), which needs the completion. A shared budget counts at grant
 * time and keeps its own safety margin instead, so its release does nothing.
 */

/**
 * Which of Attio's two limits a request counts against (100 reads/s, 25 writes/s).
 *
 * @example
 * ```ts
 * const kind: RequestClass = isReadRequest('GET', '/v2/self') ? 'read' : 'write';
 * ```
 */
export type RequestClass = 'read' | 'write';

/**
 * What {@link RateBudget.acquire} grants: how long the caller waited, and a release to call once when the
 * request completed (answered or failed). Calling it again does nothing.
 *
 * @example
 * ```ts
 * const grant = await budget.acquire(key, 'read', signal);
 * try { await send(); } finally { grant.release(); }
 * ```
 */
export interface RateGrant {
  readonly waitedMs: number;
  release(): void;
}

/**
 * A budget of requests keyed by token (a hash, never the token) and class, with the shared 429 pause.
 * `acquire` waits for a slot and rejects only with the signal's reason when aborted; `pause` and
 * `pausedUntil` never reject (a shared budget whose store is down answers from its local state).
 * `pausedUntil` may answer synchronously (the in-process budget does) so the common path costs no await.
 *
 * @example
 * ```ts
 * const budget: RateBudget = new LocalRateBudget(DEFAULT_RATE_LIMIT, { now: Date.now, sleep: defaultSleep });
 * createAttioClient({ token, rateBudget: budget });
 * ```
 */
export interface RateBudget {
  acquire(key: string, kind: RequestClass, signal?: AbortSignal): Promise<RateGrant>;
  /** After a 429: no request for `key` (of any process sharing the budget) is sent before `untilMs`. */
  pause(key: string, untilMs: number): void | Promise<void>;
  /** The epoch-ms instant before which requests for `key` must not be sent (0 or a past instant: none). */
  pausedUntil(key: string): number | Promise<number>;
}
