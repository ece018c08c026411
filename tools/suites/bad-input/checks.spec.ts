import { createHash } from 'node:crypto';

import { answerViolations, cliViolations, findReflections, percentiles } from './checks.js';
import { generateItems, seededRandom, WEIGHTS } from './generate.js';

const sent = {
  category: 'error-html',
  method: 'GET',
  target: '/oauth/callback?error=x',
  inputs: ['<script>alert(1)</script>'],
};

describe('findReflections and answerViolations', () => {
  it('when a page escapes the input, then there is no violation', () => {
    const body = '<dd>&lt;script&gt;alert(1)&lt;/script&gt;</dd>';
    expect(findReflections(body, sent.inputs)).toEqual([]);
    expect(
      answerViolations(sent, { status: 400, body, bytes: body.length, durationMs: 12 }),
    ).toEqual([]);
  });

  it('when a broken build echoes the error value into the page, then the reflection is reported', () => {
    const body = '<p>Attio said: <script>alert(1)</script></p>';
    expect(
      answerViolations(sent, { status: 400, body, bytes: body.length, durationMs: 12 }),
    ).toEqual([
      'error-html GET /oauth/callback?error=x: reflects input unescaped: <script>alert(1)</script>',
    ]);
  });

  it('when the answer is a 5xx, too big, too slow or missing, then each is reported', () => {
    expect(
      answerViolations(
        sent,
        { status: 500, body: 'x'.repeat(20_000), bytes: 20_000, durationMs: 6000 },
        { maxBytes: 16_384, maxMs: 5000 },
      ),
    ).toEqual([
      'error-html GET /oauth/callback?error=x: answered 500',
      'error-html GET /oauth/callback?error=x: answer of 20000 bytes (limit 16384)',
      'error-html GET /oauth/callback?error=x: answered after 6000 ms (limit 5000)',
    ]);
    expect(answerViolations(sent, { error: 'ECONNRESET socket hang up' })).toEqual([
      'error-html GET /oauth/callback?error=x: no HTTP answer (ECONNRESET socket hang up)',
    ]);
  });

  it('when a CONNECT is closed without an answer, then that is a refusal, not a violation', () => {
    expect(
      answerViolations({ ...sent, method: 'CONNECT' }, { error: 'ECONNRESET socket hang up' }),
    ).toEqual([]);
  });
});

describe('cliViolations', () => {
  const c = {
    app: 'verify' as const,
    label: 'pasted token',
    argv: ['sk_live_0123456789'],
    expectExit: [64],
    secrets: ['sk_live_0123456789'],
  };
  it('when the CLI refuses with the expected code and a message, then it passes', () => {
    expect(
      cliViolations(c, {
        exitCode: 64,
        stdout: '',
        stderr: 'unexpected an argument of 18 characters.',
        durationMs: 3,
      }),
    ).toEqual([]);
  });

  it('when a broken build echoes the pasted token or exits 0, then both are reported', () => {
    expect(
      cliViolations(c, {
        exitCode: 0,
        stdout: 'checking sk_live_0123456789',
        stderr: '',
        durationMs: 3,
      }),
    ).toEqual([
      'verify pasted token: exit 0, expected 64',
      'verify pasted token: echoed the pasted token',
    ]);
  });

  it('when output holds a raw escape sequence, then it is reported', () => {
    expect(
      cliViolations(c, {
        exitCode: 64,
        stdout: 'workspace "Evil\u001b[2J"\n',
        stderr: 'refused: an argument of 18 characters',
        durationMs: 3,
      }),
    ).toEqual(['verify pasted token: printed a raw control character U+001b']);
  });

  it('when the output lacks the line naming the variable, then that is reported', () => {
    const config = {
      app: 'service' as const,
      label: 'short key',
      argv: [],
      expectExit: [2],
      expectLines: ['TOKEN_ENCRYPTION_KEYS: key "k1" is 16 bytes'],
    };
    expect(
      cliViolations(config, {
        exitCode: 1,
        stdout: '{"level":60,"msg":"could not start"}',
        stderr: '',
        durationMs: 3,
      }),
    ).toEqual([
      'service short key: exit 1, expected 2',
      'service short key: does not say "TOKEN_ENCRYPTION_KEYS: key "k1" is 16 bytes"',
    ]);
    expect(
      cliViolations(config, {
        exitCode: 2,
        stdout: '',
        stderr:
          'Invalid configuration for oauth-callback (see .env.example):\n  - TOKEN_ENCRYPTION_KEYS: key "k1" is 16 bytes; …\n',
        durationMs: 3,
      }),
    ).toEqual([]);
  });

  it('when run() throws, then that alone is reported', () => {
    expect(
      cliViolations(c, {
        exitCode: undefined,
        stdout: '',
        stderr: '',
        thrown: 'TypeError: x',
        durationMs: 1,
      }),
    ).toEqual(['verify pasted token: run() threw TypeError: x']);
  });
});

describe('generateItems', () => {
  const ctx = (seed: number) => ({
    random: seededRandom(seed),
    takePending: () => ({ state: 's'.repeat(43), cookie: 'c', code: 'code123456' }),
    realCodes: ['code123456'],
    adminToken: 'a'.repeat(40),
  });

  it('when generated twice with one seed, then the requests are identical', () => {
    const digest = (seed: number) =>
      createHash('sha256')
        .update(JSON.stringify(generateItems(200, ctx(seed))))
        .digest('hex');
    expect(digest(3)).toBe(digest(3));
    expect(digest(3)).not.toBe(digest(4));
  });

  it('when 10,000 items are generated, then every category appears and replays are pairs', () => {
    const items = generateItems(10_000, ctx(7));
    expect(items).toHaveLength(10_000);
    const categories = new Set(items.flat().map((s) => s.category));
    expect([...categories].sort()).toEqual(Object.keys(WEIGHTS).sort());
    expect(items.filter((i) => i[0]?.category === 'replayed').every((i) => i.length === 2)).toBe(
      true,
    );
  });
});

describe('percentiles', () => {
  it('when given durations, then p50, p99 and max are read from the sorted values', () => {
    expect(percentiles([5, 1, 3, 2, 4])).toEqual({ p50: 3, p99: 5, max: 5 });
  });
});
