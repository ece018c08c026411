import { defaultSleep, type Logger } from '@attio-auth/attio-core';
import { StatusMemory } from '../alerts/alert-policy.js';
import { loadConfig } from '../config.js';
import { createHealthMetrics } from '../metrics/metrics.js';
import type { RoundContext } from '../round/health-round.js';
import { storeIncidentLog } from '../round/incident-log.js';
import { Shutdown } from '../round/shutdown.js';
import type { TokenChecker } from '../round/token-checker.js';
import type { HealthStore } from '../store/open-store.js';
import { bufferStream } from './buffer-stream.js';

const ignore = (): void => undefined;
const SILENT: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/**
 * A round context over a real store with an injected checker (outcomes chosen by the test, or a
 * real checker wrapped to act between lease and record), as `run()` would build it.
 */
export function roundContext(options: {
  readonly store: HealthStore;
  readonly check: TokenChecker;
  readonly env?: Record<string, string>;
  readonly logger?: Logger;
}): RoundContext & { readonly stdout: ReturnType<typeof bufferStream> } {
  const stdout = bufferStream();
  const stderr = bufferStream();
  const config = loadConfig({
    TOKEN_ENCRYPTION_KEYS: undefined,
    HEALTH_MIN_CHECK_INTERVAL_SECONDS: '0',
    ...options.env,
  });
  return {
    config,
    cli: { json: true },
    io: {
      env: {},
      stdout,
      stderr,
      fetch,
      now: Date.now,
      sleep: defaultSleep,
      onSignal: () => () => undefined,
      hostname: 'test-host',
    },
    logger: options.logger ?? SILENT,
    store: options.store,
    tokens: [],
    owner: 'test-owner',
    check: options.check,
    memory: new StatusMemory(),
    metrics: createHealthMetrics(),
    shutdown: new Shutdown(),
    incidents: storeIncidentLog(options.store),
    stdout,
  };
}
