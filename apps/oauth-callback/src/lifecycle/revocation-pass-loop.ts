import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import type { Logger, RequestThrottle } from '@attio-auth/attio-core';
import {
  purgeExpired,
  purgeHealthHistoryExpired,
  runRevocationPass,
  type RevocationPassResult,
} from '@attio-auth/connection-lifecycle';

import type { CallbackStore } from '../app-deps.js';
import type { Config } from '../config.js';
import { errorSummary } from '../http/error-summary.js';
import type { Metrics } from '../metrics.js';
import { lifecycleDepsFor } from './lifecycle-deps.js';

/** What one round of the background pass did. */
export interface PassRound {
  readonly revocations: RevocationPassResult;
  readonly purged: number;
}

/** The running background pass. */
export interface RevocationPassLoop {
  /** Runs one round now (queued revocations, then the retention purge); rounds never overlap. */
  runOnce(): Promise<PassRound>;
  /** Stops the timer and waits up to `waitMs` for a round in progress (its leases expire otherwise). */
  stop(waitMs?: number): Promise<void>;
}

/** Everything the pass needs from the service. */
export interface RevocationPassLoopDeps {
  readonly config: Config;
  readonly store: CallbackStore;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly pacer: RequestThrottle;
  readonly fetch?: typeof fetch;
  /** Wall clock in ms for leases and retention; default `Date.now`. */
  readonly now?: () => number;
}

/**
 * Starts the service's background pass: every REVOCATION_PASS_INTERVAL_SECONDS (0 = no timer; `runOnce`
 * still works) it revokes up to REVOKE_RATE_PER_MINUTE queued tokens (replaced by a re-install, refused
 * installs, deletes whose revoke failed) through the shared pacer, then purges connections soft-deleted
 * more than DELETED_RETENTION_DAYS ago and health history older than HEALTH_HISTORY_RETENTION_DAYS. A failing round is logged and retried at the next tick; the
 * timer is unref'd, so it never keeps the process up.
 *
 * @example
 * ```ts
 * const pass = startRevocationPassLoop({ config, store, logger, metrics, pacer });
 * await pass.stop(1_000);
 * ```
 */
export function startRevocationPassLoop(deps: RevocationPassLoopDeps): RevocationPassLoop {
  const { config, logger, metrics } = deps;
  const lifecycle = lifecycleDepsFor(deps, deps.pacer);
  const owner = `oauth-callback-${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  let running: Promise<PassRound> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const round = async (): Promise<PassRound> => {
    const revocations = await runRevocationPass(lifecycle, {
      owner,
      limit: config.lifecycle.revokeRatePerMinute,
    });
    metrics.revocations.inc({ outcome: 'revoked', source: 'pass' }, revocations.revoked);
    metrics.revocations.inc({ outcome: 'already_gone', source: 'pass' }, revocations.alreadyGone);
    metrics.revocations.inc({ outcome: 'failed', source: 'pass' }, revocations.failed);
    const purged = await purgeExpired(lifecycle, {
      retentionDays: config.lifecycle.retentionDays,
    });
    metrics.connectionsPurged.inc(purged);
    await purgeHealthHistoryExpired(
      { ...lifecycle, store: deps.store },
      {
        retentionDays: config.lifecycle.healthHistoryRetentionDays,
      },
    );
    if (revocations.leased > 0 || purged > 0)
      logger.info({ ...revocations, purged }, 'revocation pass done');
    return { revocations, purged };
  };

  const runOnce = (): Promise<PassRound> => {
    running ??= round().finally(() => {
      running = undefined;
    });
    return running;
  };

  const schedule = (): void => {
    if (stopped || config.lifecycle.passIntervalMs === 0) return;
    timer = setTimeout(() => {
      runOnce()
        .catch((err: unknown) =>
          logger.warn({ err: errorSummary(err) }, 'revocation pass failed; retrying next interval'),
        )
        .finally(schedule);
    }, config.lifecycle.passIntervalMs);
    timer.unref();
  };
  schedule();

  return {
    runOnce,
    async stop(waitMs = 0) {
      stopped = true;
      clearTimeout(timer);
      const current = running;
      if (current === undefined) return;
      let wait: NodeJS.Timeout | undefined;
      await Promise.race([
        current.then(
          () => undefined,
          () => undefined,
        ),
        new Promise<void>((resolve) => {
          wait = setTimeout(resolve, waitMs);
        }),
      ]).finally(() => clearTimeout(wait));
    },
  };
}
