/**
 * The token must never appear in an error (message, stack, toJSON) or a log line, whatever the server echoes.
 */
import { isAttioError, type AttioError } from '@attio-auth/attio-errors';
import { createFakeClock } from '../testing/fake-clock.js';
import {
  closedPortUrl,
  json,
  startTestServer,
  type TestServer,
} from '../testing/http-test-server.js';
import { createAttioClient } from './create-attio-client.js';
import type { Logger } from './types.js';

const TOKEN = 'abcDEF123456plainTokenWithoutPrefix789';

function capturingLogger(): Logger & {
  lines: { level: string; obj: object; msg?: string }[];
} {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}

const everyText = (e: AttioError): string[] => [
  e.message,
  e.stack ?? '',
  JSON.stringify(e.toJSON()),
  String(e.url),
];

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('token redaction', () => {
  it('when every kind of failure happens, then no error or log line contains the token', async () => {
    server = await startTestServer((req, res) => {
      const echo = `token ${TOKEN} header ${String(req.headers['authorization'])}`;
      if (req.url?.startsWith('/v2/401'))
        return json(res, 401, { code: 'unauthorized', message: echo });
      if (req.url?.startsWith('/v2/400')) {
        return json(res, 400, {
          code: 'validation_type',
          message: echo,
          validation_errors: [{ code: 'x', path: [TOKEN], message: echo }],
        });
      }
      if (req.url?.startsWith('/v2/502')) {
        res.writeHead(502, { 'content-type': 'text/html' });
        return res.end(`<html><body>${echo}</body></html>`);
      }
      if (req.url?.startsWith('/v2/429'))
        return json(res, 429, { message: echo }, { 'retry-after': '1' });
      if (req.url?.startsWith('/v2/200-not-json')) {
        res.writeHead(200);
        return res.end(echo);
      }
      return undefined; // hang → timeout
    });
    const logger = capturingLogger();
    const client = createAttioClient({
      token: TOKEN,
      baseUrl: server.url,
      rateLimit: false,
      logger,
      ...createFakeClock(),
    });
    // Only the hanging call gets a short timeout, so a loaded machine cannot turn the others into timeouts.
    const impatient = createAttioClient({
      token: TOKEN,
      baseUrl: server.url,
      rateLimit: false,
      logger,
      timeoutMs: 150,
      retry: false,
    });
    const refusedUrl = await closedPortUrl();
    const refused = createAttioClient({
      token: TOKEN,
      baseUrl: refusedUrl,
      rateLimit: false,
      logger,
      ...createFakeClock(),
    });

    const errors = await Promise.all(
      [
        client.get('/v2/401'),
        client.get('/v2/400'),
        client.get('/v2/502'),
        client.get('/v2/429', { query: { access_token: TOKEN } }),
        client.get('/v2/200-not-json'),
        impatient.get('/v2/hang'),
        refused.get('/v2/self'),
      ].map((call) =>
        call.then(
          () => undefined,
          (e: unknown) => e,
        ),
      ),
    );

    expect(errors.map((e) => (isAttioError(e) ? e.code : e))).toEqual([
      'ATTIO_AUTHENTICATION',
      'ATTIO_BAD_REQUEST',
      'ATTIO_SERVER_ERROR',
      'ATTIO_RATE_LIMITED',
      'ATTIO_UNEXPECTED_RESPONSE',
      'ATTIO_TIMEOUT',
      'ATTIO_CONNECTION',
    ]);
    for (const e of errors as AttioError[]) {
      for (const text of everyText(e)) expect(text).not.toContain(TOKEN);
      expect(JSON.stringify(e.attioMessage ?? '')).not.toContain(TOKEN);
    }
    expect((errors[0] as AttioError).attioMessage).toBe(
      'token [REDACTED] header Bearer [REDACTED]',
    );
    expect(logger.lines.length).toBeGreaterThan(7);
    for (const line of logger.lines) expect(JSON.stringify(line)).not.toContain(TOKEN);
  });

  it('when a request succeeds, then the log line has method, path, status, duration and attempt only', async () => {
    server = await startTestServer((_req, res) => json(res, 200, { active: false }));
    const logger = capturingLogger();
    const clock = createFakeClock();
    await createAttioClient({
      token: TOKEN,
      baseUrl: server.url,
      rateLimit: false,
      logger,
      ...clock,
    }).get('/v2/self', {
      query: { secret: 'q' },
    });
    expect(logger.lines).toEqual([
      {
        level: 'debug',
        obj: {
          method: 'GET',
          path: '/v2/self',
          status: 200,
          durationMs: 0,
          attempt: 1,
        },
        msg: 'attio request',
      },
    ]);
  });

  it('when a request is retried, then a warn line says why, with status, code, attempt and delay', async () => {
    server = await startTestServer((_req, res, i) =>
      i === 0 ? json(res, 429, {}, { 'retry-after': '1' }) : json(res, 200, {}),
    );
    const logger = capturingLogger();
    await createAttioClient({
      token: TOKEN,
      baseUrl: server.url,
      rateLimit: false,
      logger,
      ...createFakeClock(),
    }).get('/v2/objects');
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([
      {
        level: 'warn',
        obj: {
          method: 'GET',
          path: '/v2/objects',
          status: 429,
          code: 'ATTIO_RATE_LIMITED',
          attempt: 1,
          delayMs: 1000,
          sharedPause: true,
        },
        msg: 'attio request will be retried: rate limited (429), waiting Retry-After',
      },
    ]);
  });
});
