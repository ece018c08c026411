/**
 * Child process of the crash suite's outbox case: opens the store of DATABASE_URL with
 * TOKEN_ENCRYPTION_KEYS and runs the event delivery worker (the lib the apps run) on
 * EVENT_DESTINATIONS until it is killed. CRASH_LEASE_MS shortens the lease so the deliveries a
 * killed worker held come back within the run.
 */
import { defaultSleep } from '@attio-auth/attio-core';
import { openConnectionStore, parseKeyRing } from '@attio-auth/connection-store';
import { eventDeliveryConfigOf, startEventDelivery } from '@attio-auth/event-delivery';

const env = process.env;
const store = await openConnectionStore({
  databaseUrl: env['DATABASE_URL'],
  keyRing: parseKeyRing(env['TOKEN_ENCRYPTION_KEYS'] ?? ''),
});
const delivery = startEventDelivery({
  config: eventDeliveryConfigOf({
    NODE_ENV: 'test',
    EVENT_DESTINATIONS: env['EVENT_DESTINATIONS'],
    EVENT_DELIVERY_MAX_AGE_HOURS: 24,
    EVENT_DELIVERY_CONCURRENCY: 8,
  }),
  outbox: store,
  owner: `crash-worker-${process.pid}`,
  sleep: defaultSleep,
  userAgent: 'crash-suite',
  leaseMs: Number(env['CRASH_LEASE_MS'] ?? 2_000),
  pollMs: 50,
});
process.stdout.write('worker started\n');
process.once('SIGTERM', () => {
  void (delivery?.close(2_000) ?? Promise.resolve())
    .then(() => store.close())
    .then(() => process.exit(0));
});
