import type { Logger } from '@attio-auth/attio-core';
import { startWebhookReceiver } from '../testing/webhook-receiver.js';
import { createHeartbeat, failUrl, heartbeatLabel } from './heartbeat.js';

/** A logger that keeps every line, to assert what was (and was not) logged. */
function recordingLogger() {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj, msg });
    };
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, lines };
}

describe('heartbeat', () => {
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  afterEach(async () => receiver?.close());

  const secretUrl = () => receiver.url.replace('http://', 'http://ops:s3cret-pw@') + '/uuid-secret';

  it('when a round succeeded, then the URL is requested with a GET and nothing is logged', async () => {
    receiver = await startWebhookReceiver();
    const { logger, lines } = recordingLogger();
    const heartbeat = createHeartbeat({ url: receiver.url, timeoutMs: 5000, fetch, logger });

    expect(await heartbeat.ping('success')).toBe('ok');
    expect(receiver.received.map((r) => [r.method, r.path])).toEqual([['GET', '/hook']]);
    expect(lines).toEqual([]);
  });

  it('when a round failed, then <url>/fail is requested', async () => {
    receiver = await startWebhookReceiver();
    const { logger } = recordingLogger();
    const heartbeat = createHeartbeat({ url: `${receiver.url}/`, timeoutMs: 5000, fetch, logger });

    expect(await heartbeat.ping('fail')).toBe('ok');
    expect(receiver.received.map((r) => [r.method, r.path])).toEqual([['GET', '/hook/fail']]);
  });

  it('when the receiver answers 500, then the ping fails, is logged once, and the log holds no credential or path', async () => {
    receiver = await startWebhookReceiver([500]);
    const { logger, lines } = recordingLogger();
    const heartbeat = createHeartbeat({ url: secretUrl(), timeoutMs: 5000, fetch, logger });

    expect(await heartbeat.ping('success')).toBe('failed');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toEqual({
      level: 'warn',
      obj: {
        heartbeat: `http://***@${new URL(receiver.url).host}/***`,
        outcome: 'success',
        status: 500,
      },
      msg: 'heartbeat request was not accepted (HEALTH_HEARTBEAT_URL)',
    });
    expect(JSON.stringify(lines)).not.toMatch(/s3cret-pw|uuid-secret|ops:/);
  });

  it('when the receiver redirects, then the redirect is not followed and the ping fails', async () => {
    receiver = await startWebhookReceiver([{ status: 302, headers: { location: '/elsewhere' } }]);
    const { logger, lines } = recordingLogger();
    const heartbeat = createHeartbeat({ url: receiver.url, timeoutMs: 5000, fetch, logger });

    expect(await heartbeat.ping('success')).toBe('failed');
    expect(receiver.received.map((r) => r.path)).toEqual(['/hook']);
    expect(lines.map((l) => (l.obj as { status?: number }).status)).toEqual([302]);
  });

  it('when the receiver never answers, then the ping gives up at its timeout and says so', async () => {
    receiver = await startWebhookReceiver(['hang']);
    const { logger, lines } = recordingLogger();
    const heartbeat = createHeartbeat({ url: secretUrl(), timeoutMs: 200, fetch, logger });

    expect(await heartbeat.ping('fail')).toBe('failed');
    expect(lines.map((l) => l.obj)).toEqual([
      {
        heartbeat: `http://***@${new URL(receiver.url).host}/***`,
        outcome: 'fail',
        err: 'timed out after 200 ms',
      },
    ]);
  });

  it('when nothing listens at the URL, then the ping fails without throwing', async () => {
    receiver = await startWebhookReceiver();
    const url = receiver.url;
    await receiver.close();
    const { logger, lines } = recordingLogger();
    const heartbeat = createHeartbeat({ url, timeoutMs: 5000, fetch, logger });

    expect(await heartbeat.ping('success')).toBe('failed');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.msg).toBe('heartbeat request failed (HEALTH_HEARTBEAT_URL)');
  });
});

describe('failUrl and heartbeatLabel', () => {
  it('when the URL has a query or a trailing slash, then /fail goes on the path once', () => {
    expect(failUrl('https://hc-ping.com/abc?rid=1')).toBe('https://hc-ping.com/abc/fail?rid=1');
    expect(failUrl('https://hc-ping.com/abc/')).toBe('https://hc-ping.com/abc/fail');
  });

  it('when the URL has credentials and a path, then the label masks both', () => {
    expect(heartbeatLabel('https://user:pw@hc-ping.com/5f1c')).toBe('https://***@hc-ping.com/***');
    expect(heartbeatLabel('https://hc-ping.com/')).toBe('https://hc-ping.com');
  });
});
