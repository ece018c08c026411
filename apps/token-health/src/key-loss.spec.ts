import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import {
  generateKeyRingEntry,
  openConnectionStore,
  parseKeyRing,
} from '@attio-auth/connection-store';
import { run } from './run.js';
import { testIo } from './testing/test-io.js';
import { startWebhookReceiver } from './testing/webhook-receiver.js';

jest.setTimeout(30_000);

const lossMessage = (inStore: string, inRing: string) =>
  `None of the stored tokens can be decrypted: they use key id "${inStore}", and TOKEN_ENCRYPTION_KEYS ` +
  `holds "${inRing}". Set TOKEN_ENCRYPTION_KEYS to the key ring the tokens were written with (the same ` +
  'value as the service that stores them), or add the old key after the active one and rotate.';

describe('run: whole-store key loss', () => {
  let sandbox: Sandbox;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let dir: string;
  let file: string;
  beforeEach(async () => {
    sandbox = await startSandbox({ rateLimit: false });
    receiver = await startWebhookReceiver();
    dir = await mkdtemp(join(tmpdir(), 'th-key-loss-'));
    file = join(dir, 'c.sqlite');
  });
  afterEach(async () => {
    await receiver.close();
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Stores `count` connections encrypted with a ring whose only key id is `kid`. */
  async function storeConnections(kid: string, count: number) {
    const store = await openConnectionStore({
      databaseUrl: `sqlite:${file}`,
      keyRing: parseKeyRing(generateKeyRingEntry(kid)),
    });
    for (let i = 0; i < count; i += 1)
      await store.saveConnection({ workspaceId: `ws-${i}`, scopes: [], token: `tok-${i}` });
    await store.close();
  }

  it('when no key of TOKEN_ENCRYPTION_KEYS matches the stored key ids, then --once exits 78 with one message and sends no alert', async () => {
    await storeConnections('2026-01', 5);
    const keys = generateKeyRingEntry('2026-06');
    const t = testIo({
      DATABASE_URL: `sqlite:${file}`,
      TOKEN_ENCRYPTION_KEYS: keys,
      NODE_ENV: 'test',
      ALERT_WEBHOOK_URL: receiver.url,
      HEALTH_MIN_CHECK_INTERVAL_SECONDS: '0',
    });
    const code = await run(['--once', '--json', '--base-url', sandbox.urls.api], t.io);
    expect(code).toBe(78);
    expect(t.stderr.text()).toBe(`attio-token-health: ${lossMessage('2026-01', '2026-06')}\n`);
    expect(t.json().filter((l) => l['type'] === 'check')).toEqual([]);
    expect(receiver.received).toEqual([]);
    expect(t.stderr.text()).not.toContain(keys.split(':')[1]);
  });

  it('when the store loses every key between scheduled rounds, then the round fails once without checking or alerting', async () => {
    const keys = generateKeyRingEntry('2026-06');
    // Start on an empty store (nothing to lose yet), then another writer stores rows under another key.
    const t = testIo({
      DATABASE_URL: `sqlite:${file}`,
      TOKEN_ENCRYPTION_KEYS: keys,
      NODE_ENV: 'test',
      ALERT_WEBHOOK_URL: receiver.url,
      HEALTH_MIN_CHECK_INTERVAL_SECONDS: '0',
      HEALTH_HOST: '127.0.0.1',
      HEALTH_PORT: '0',
      LOG_LEVEL: 'error',
    });
    const empty = await openConnectionStore({
      databaseUrl: `sqlite:${file}`,
      keyRing: parseKeyRing(keys),
    });
    await empty.close();
    const running = run(
      ['--schedule', '* * * * * *', '--json', '--base-url', sandbox.urls.api],
      t.io,
    );
    const base = `http://127.0.0.1:${await t.port()}`;
    // Listening means the start-up check passed on the empty store; now the rows arrive.
    await storeConnections('2026-01', 4);
    // A round may have run on the empty store before the rows landed (exit 0): wait for a failed one.
    let health: Record<string, unknown> = {};
    while (health['lastRoundExitCode'] !== 2) {
      await new Promise((r) => setTimeout(r, 50));
      health = (await (await fetch(`${base}/healthz`)).json()) as Record<string, unknown>;
    }
    t.signal('SIGTERM');
    expect(await running).toBe(0);
    const failures = t.stderr
      .lines()
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l['msg'] === 'round failed');
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(failures[0]?.['err']).toBe(lossMessage('2026-01', '2026-06'));
    expect(t.json().filter((l) => l['type'] === 'check')).toEqual([]);
    expect(receiver.received).toEqual([]);
  });
});
