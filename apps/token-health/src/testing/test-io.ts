import { defaultSleep } from '@attio-auth/attio-core';
import type { HealthIo } from '../io.js';
import type { HealthStore } from '../store/open-store.js';
import { bufferStream } from './buffer-stream.js';

/**
 * A HealthIo over real fetch and real time, with captured output, a triggerable signal and an
 * injected store opener (fresh PostgreSQL schema / SQLite file from the test).
 */
export function testIo(
  env: Record<string, string | undefined>,
  openStore?: () => Promise<HealthStore>,
) {
  const stdout = bufferStream();
  const stderr = bufferStream();
  const handlers = new Set<(signal: string) => void>();
  let listening!: (port: number) => void;
  const port = new Promise<number>((resolve) => (listening = resolve));
  const io: HealthIo = {
    env: { LOG_LEVEL: 'silent', ...env },
    stdout,
    stderr,
    fetch,
    now: Date.now,
    sleep: defaultSleep,
    onSignal: (handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    hostname: 'test-host',
    openStore: openStore ? async () => openStore() : undefined,
    onListening: (p) => listening(p),
  };
  return {
    io,
    stdout,
    stderr,
    /** Parsed `--json` lines. */
    json: () => stdout.lines().map((l) => JSON.parse(l) as Record<string, unknown>),
    signal: (name = 'SIGTERM') => [...handlers].forEach((h) => h(name)),
    /** Resolves with the status server's port once `--schedule` listens. */
    port: () => port,
  };
}
