/**
 * Faults phase: PostgreSQL gone wrong under the real callback service.
 * - "PostgreSQL accepts TCP and never answers": the service starts against a listener that accepts
 *   and stays silent; start-up must fail within DATABASE_CONNECT_TIMEOUT_MS (default 5 s), saying so.
 * - "table locked for 60 s": a second client holds `LOCK TABLE connections IN ACCESS EXCLUSIVE MODE`
 *   for up to 60 s while an install's callback writes that table; the request must fail with 503
 *   within the lock timeout (default 3 s), not wait out the lock.
 * Both measure the bounded time with the defaults, as an operator would get it.
 */
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';

import type { Sandbox } from '@attio-auth/attio-sandbox';
import { approve, sandboxEnv } from '@attio-auth/attio-sandbox/testing';
import { generateKeyRingEntry } from '@attio-auth/connection-store';
import { createLogger, loadConfig, startService } from '@attio-auth/oauth-callback';
import {
  beginInstall,
  CookieJar,
  followCallback,
  startCallbackHarness,
} from '@attio-auth/oauth-callback/testing';
import pg from 'pg';

import type { SuiteReport } from '../shared/suite-report.js';
import { withDeadline } from '../shared/suite-run.js';
import { shownCodeOf } from './checks.js';

/** The defaults the apps ship (oauth-callback config-schema). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_LOCK_TIMEOUT_MS = 3_000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000;
/** How long the second client holds the lock. */
export const LOCK_HELD_MS = 60_000;
const CASE_DEADLINE_MS = 90_000;

/** What one case measured. */
export interface PostgresFaultCase {
  readonly name: string;
  /** False when the case did not settle before its deadline. */
  readonly ended: boolean;
  readonly ms: number;
  /** What the user or operator was shown: the start-up error, or `503 INSTALL_STORE_UNAVAILABLE`. */
  readonly shown: string;
}

const quietLogger = () =>
  createLogger({ level: 'silent' }, new Writable({ write: (_c, _e, done) => done() }));

/**
 * The service pointed at a listener that accepts TCP and never sends a byte.
 *
 * @example
 * ```ts
 * const silent = await silentServerCase(sandbox);
 * ```
 */
export async function silentServerCase(sandbox: Sandbox): Promise<PostgresFaultCase> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const config = loadConfig(
      sandboxEnv(sandbox, {
        PUBLIC_BASE_URL: 'http://127.0.0.1:9',
        TOKEN_ENCRYPTION_KEYS: generateKeyRingEntry('k1'),
        DATABASE_URL: `postgres://app:suite-password@127.0.0.1:${port}/appdb`,
        PORT: '0',
      }),
    );
    const started = performance.now();
    const outcome = await withDeadline(
      startService(config, quietLogger(), { processMetrics: false }).then(
        async (service) => {
          await service.close();
          return 'started (it should not have)';
        },
        (err: unknown) => (err as Error).message,
      ),
      CASE_DEADLINE_MS,
    );
    return {
      name: 'PostgreSQL accepts TCP and never answers',
      ended: outcome !== undefined,
      ms: performance.now() - started,
      shown: outcome?.value ?? '(no answer before the deadline)',
    };
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * An install whose callback writes `connections` while a second client holds that table locked.
 *
 * @example
 * ```ts
 * const locked = await lockedTableCase(sandbox);
 * ```
 */
export async function lockedTableCase(sandbox: Sandbox): Promise<PostgresFaultCase> {
  const service = await startCallbackHarness({
    sandbox,
    driver: 'postgres',
    env: { LOG_LEVEL: 'silent' },
  });
  const locker = new pg.Client({ connectionString: service.db.databaseUrl });
  locker.on('error', () => undefined);
  try {
    const jar = new CookieJar();
    const callbackUrl = await approve(await beginInstall(service.url, jar));
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query(
      `LOCK TABLE ${service.db.schema ?? 'public'}.connections IN ACCESS EXCLUSIVE MODE`,
    );
    const unlock = setTimeout(
      () => void locker.query('ROLLBACK').catch(() => undefined),
      LOCK_HELD_MS,
    );
    const started = performance.now();
    const outcome = await withDeadline(
      followCallback(callbackUrl, jar, { accept: 'application/json' }).then(
        (r) => `${r.status} ${r.status === 200 ? 'installed' : (shownCodeOf(r.body) ?? '-')}`,
        (err: unknown) => `request failed: ${(err as Error).message}`,
      ),
      CASE_DEADLINE_MS,
    );
    const ms = performance.now() - started;
    clearTimeout(unlock);
    return {
      name: `table locked for ${LOCK_HELD_MS / 1000} s`,
      ended: outcome !== undefined,
      ms,
      shown: outcome?.value ?? '(no answer before the deadline)',
    };
  } finally {
    await locker.query('ROLLBACK').catch(() => undefined);
    await locker.end().catch(() => undefined);
    await service.close();
  }
}

/**
 * Runs both cases and reports each one's measured time and what it showed, with its check.
 *
 * @example
 * ```ts
 * if (pg.ok) await reportPostgresFaults(report, sandbox);
 * ```
 */
export async function reportPostgresFaults(report: SuiteReport, sandbox: Sandbox): Promise<void> {
  const silent = await silentServerCase(sandbox);
  report.figure(
    `postgres · ${silent.name}`,
    `start-up failed after ${(silent.ms / 1000).toFixed(2)} s (connect timeout ${DEFAULT_CONNECT_TIMEOUT_MS} ms): ${silent.shown}`,
  );
  const silentBound = DEFAULT_CONNECT_TIMEOUT_MS + 2_000;
  report.expect(
    `postgres · ${silent.name}: start-up fails within the connect timeout, saying so`,
    silent.ended &&
      silent.ms < silentBound &&
      silent.shown.includes(
        `connected but got no answer within ${DEFAULT_CONNECT_TIMEOUT_MS} ms`,
      ) &&
      silent.shown.startsWith('DATABASE_URL: ') &&
      !silent.shown.includes('suite-password'),
    `under ${silentBound} ms, message names DATABASE_URL host:port, never the password`,
    `${silent.ended ? `${Math.round(silent.ms)} ms` : 'did not end'}: ${silent.shown}`,
  );

  const locked = await lockedTableCase(sandbox);
  report.figure(
    `postgres · ${locked.name}`,
    `callback answered ${locked.shown} after ${(locked.ms / 1000).toFixed(2)} s (lock timeout ${DEFAULT_LOCK_TIMEOUT_MS} ms, statement timeout ${DEFAULT_STATEMENT_TIMEOUT_MS} ms)`,
  );
  const lockedBound = DEFAULT_STATEMENT_TIMEOUT_MS + 2_000;
  report.expect(
    `postgres · ${locked.name}: the request fails with 503 within the lock/statement timeout`,
    locked.ended && locked.ms < lockedBound && locked.shown === '503 INSTALL_STORE_UNAVAILABLE',
    `under ${lockedBound} ms while the lock is held for ${LOCK_HELD_MS / 1000} s`,
    `${locked.ended ? `${Math.round(locked.ms)} ms` : 'did not end'}: ${locked.shown}`,
  );
}
