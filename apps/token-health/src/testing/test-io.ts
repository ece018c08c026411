import type { ConnectionStore } from '@attio-auth/connection-store';
import { abortableSleep } from '../alert-sender.js';
import type { RunIo } from '../run.js';
import { bufferStream } from './buffer-stream.js';

/**
 * A RunIo over real fetch and real time, with captured output, a triggerable signal and an injected
 * store opener (fresh PostgreSQL schema / SQLite file from the test).
 */
export function testIo(
  env: Record<string, string | undefined>,
  openStore?: () => Promise<ConnectionStore>,
) {
  const stdout = bufferStream();
  const stderr = bufferStream();
  const handlers = new Set<(signal: string) => void>();
  let port: number | undefined;
  const io: RunIo = {
    env: { LOG_LEVEL: 'silent', ...env },
    stdout,
    stderr,
    fetch,
    now: Date.now,
    sleep: abortableSleep,
    onSignal: (handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    version: '0.0.1',
    hostname: 'test-host',
    openStore: openStore ? async () => openStore() : undefined,
    onListening: (p) => (port = p),
  };
  return {
    io,
    stdout,
    stderr,
    /** Parsed `--json` lines. */
    json: () => stdout.lines().map((l) => JSON.parse(l) as Record<string, unknown>),
    signal: (name = 'SIGTERM') => [...handlers].forEach((h) => h(name)),
    port: () => port,
  };
}
