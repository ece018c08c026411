/**
 * Runs one `attio-token-health --once` round in process for the demo tour, against the demo stack's store and
 * sandbox, with alerts sent to a local webhook receiver. The tour's health steps share it.
 */
import { createServer, type Server } from 'node:http';

import { loadOrCreateDevKeyRing } from '@attio-auth/connection-store';
import { processIo, run } from '@attio-auth/token-health';

import { requireStack, type TourContext } from './tour-step.js';

/** What the local webhook receiver has been sent (Slack-compatible `{ text, … }` bodies). */
export interface AlertInbox {
  readonly url: string;
  readonly alerts: { text?: string; [key: string]: unknown }[];
  close(): Promise<void>;
}

/**
 * The tour's webhook receiver: started on first use (port 0) and closed with the stack.
 *
 * @example
 * ```ts
 * const inbox = await alertInbox(ctx);
 * ```
 */
export async function alertInbox(ctx: TourContext): Promise<AlertInbox> {
  const existing = ctx.extras['alertInbox'] as AlertInbox | undefined;
  if (existing) return existing;
  const alerts: AlertInbox['alerts'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        alerts.push(
          JSON.parse(Buffer.concat(chunks).toString('utf8')) as AlertInbox['alerts'][number],
        );
        res.writeHead(200).end('ok');
      } catch {
        res.writeHead(400).end('not JSON');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('webhook receiver has no port');
  const inbox: AlertInbox = {
    url: `http://127.0.0.1:${address.port}/alerts`,
    alerts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  ctx.extras['alertInbox'] = inbox;
  const stack = requireStack(ctx);
  const closeStack = stack.close;
  // Close the receiver after the stack, whatever step fails.
  Object.assign(stack, { close: async () => (await closeStack(), await inbox.close()) });
  return inbox;
}

/**
 * One health round over every stored connection; returns its exit code (0 healthy, 1 a problem found).
 * Its JSON lines are shown through `ctx.say`.
 *
 * @example
 * ```ts
 * const exit = await healthRound(ctx);
 * ```
 */
export async function healthRound(ctx: TourContext): Promise<number> {
  const { sandbox, config } = requireStack(ctx);
  const inbox = await alertInbox(ctx);
  const devKey = loadOrCreateDevKeyRing(config.store.dataDir);
  const lines: string[] = [];
  const stream = {
    write: (text: string) => (lines.push(...text.split('\n').filter((l) => l.length > 0)), true),
  };
  const exitCode = await run(['--once', '--json'], {
    ...processIo(),
    env: {
      DATABASE_URL: config.store.databaseUrl,
      TOKEN_ENCRYPTION_KEYS: devKey.value,
      ATTIO_API_BASE_URL: sandbox.urls.api,
      // A local http inbox: event destinations allow it outside production only.
      NODE_ENV: 'development',
      ALERT_WEBHOOK_URL: inbox.url,
      // The tour checks again seconds later; production keeps the 60 s default.
      HEALTH_MIN_CHECK_INTERVAL_SECONDS: '0',
      LOG_LEVEL: 'warn',
    },
    stdout: stream,
    stderr: stream,
    // The tour owns the process's signals.
    onSignal: () => () => undefined,
  });
  for (const line of lines) {
    if (line.includes(devKey.value)) throw new Error('attio-token-health printed the key ring');
    ctx.say(line);
  }
  return exitCode;
}
