/**
 * Request counters per token: total, per path, the highest number of requests seen in any
 * one-second window (a sliding window over the injected clock), and how many were answered 429. Tokens are keyed by their short hash,
 * so a snapshot can be printed or served without leaking credentials. The revocation endpoint has its own
 * tally (requests, and how they were answered), since its requests carry no REST token id.
 */
import type { CountersSnapshot, RevokeCounters } from '../types.js';

/** How `POST /oauth/revoke` answered a request. */
export type RevokeOutcome = 'revoked' | 'rejected' | 'rateLimited';

const noRevokes = (): RevokeCounters => ({
  requests: 0,
  revoked: 0,
  rejected: 0,
  rateLimited: 0,
});

interface Entry {
  total: number;
  readonly byPath: Map<string, number>;
  /** Timestamps (ms) of requests in the last second: times[head..] is the live window. */
  times: number[];
  head: number;
  maxPerSecond: number;
  rateLimited: number;
}

/**
 * Counts requests.
 *
 * @example
 * ```ts
 * const counters = new RequestCounters();
 * counters.record('tok_ab12', '/v2/self', Date.now());
 * counters.snapshot().byToken['tok_ab12']?.total; // → 1
 * ```
 */
export class RequestCounters {
  private entries = new Map<string, Entry>();
  private revoke = noRevokes();

  /** One `POST /oauth/revoke` arrived (before faults, so retries of a failing revoke show). */
  recordRevokeRequest(): void {
    this.revoke.requests += 1;
  }

  /** How the revocation endpoint answered one request. */
  recordRevokeOutcome(outcome: RevokeOutcome): void {
    this.revoke[outcome] += 1;
  }

  record(tokenId: string, path: string, nowMs: number): void {
    let e = this.entries.get(tokenId);
    if (e === undefined) {
      e = { total: 0, byPath: new Map(), times: [], head: 0, maxPerSecond: 0, rateLimited: 0 };
      this.entries.set(tokenId, e);
    }
    e.total += 1;
    e.byPath.set(path, (e.byPath.get(path) ?? 0) + 1);
    const times = e.times;
    times.push(nowMs);
    // Drop requests older than one second before this one: [now - 999, now] is a one-second window.
    while (times[e.head] !== undefined && (times[e.head] as number) <= nowMs - 1000) e.head += 1;
    const inWindow = times.length - e.head;
    if (inWindow > e.maxPerSecond) e.maxPerSecond = inWindow;
    if (e.head > 1024 && e.head * 2 > times.length) {
      e.times = times.slice(e.head);
      e.head = 0;
    }
  }

  /** One request of `tokenId` (already recorded) was refused with a 429 by the rate limiter. */
  recordRateLimited(tokenId: string): void {
    const e = this.entries.get(tokenId);
    if (e !== undefined) e.rateLimited += 1;
  }

  snapshot(): CountersSnapshot {
    const byToken: CountersSnapshot['byToken'] = {};
    for (const [id, e] of this.entries) {
      byToken[id] = {
        total: e.total,
        byPath: Object.fromEntries(e.byPath),
        maxPerSecond: e.maxPerSecond,
        rateLimited: e.rateLimited,
      };
    }
    return { byToken, revoke: { ...this.revoke } };
  }

  reset(): void {
    this.entries = new Map();
    this.revoke = noRevokes();
  }
}
