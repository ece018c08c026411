import { parseCliArgs } from './cli-args.js';

describe('parseCliArgs', () => {
  it('when --once is given with every option, then all are parsed', () => {
    expect(
      parseCliArgs([
        '--once',
        '--json',
        '--tokens-file',
        't.json',
        '--base-url',
        'http://127.0.0.1:9/',
        '--metrics-file',
        'm.prom',
        '--concurrency',
        '4',
      ]),
    ).toEqual({
      ok: true,
      options: {
        mode: 'once',
        json: true,
        skipStore: false,
        tokensFile: 't.json',
        metricsFile: 'm.prom',
        baseUrl: 'http://127.0.0.1:9',
        concurrency: 4,
        schedule: undefined,
      },
    });
  });

  it('when --schedule has a valid cron expression, then the mode is schedule', () => {
    const result = parseCliArgs(['--schedule', '*/15 * * * *']);
    expect(result).toMatchObject({
      ok: true,
      options: { mode: 'schedule', schedule: '*/15 * * * *' },
    });
  });

  it.each([
    [[], 'Missing mode: pass --once or --schedule "<cron>".'],
    [
      ['--once', '--schedule', '* * * * *'],
      'Choose one mode: --once or --schedule "<cron>", not both.',
    ],
    [
      ['--once', '--concurrency', '0'],
      '--concurrency must be a whole number from 1 to 256 (e.g. --concurrency 16).',
    ],
    [
      ['--once', '--concurrency', '2.5'],
      '--concurrency must be a whole number from 1 to 256 (e.g. --concurrency 16).',
    ],
    [
      ['--once', '--base-url', 'api.attio.com'],
      '--base-url must be an absolute http(s) URL with a host, e.g. https://api.example.com.',
    ],
    // The value is never repeated: it may hold a password or a pasted token.
    [
      ['--once', '--base-url', 'http://admin:hunter2@127.0.0.1:4010'],
      '--base-url must not contain user:password@; the token is sent as a Bearer header.',
    ],
    [
      ['--once', '--concurrency', 'sk_live_pasted_0123456789'],
      '--concurrency must be a whole number from 1 to 256 (e.g. --concurrency 16).',
    ],
    [
      ['--once', '--skip-store'],
      '--skip-store needs --tokens-file (otherwise there is nothing to check).',
    ],
  ])('when argv is %j, then the usage error is %j', (argv, message) => {
    expect(parseCliArgs(argv)).toEqual({ ok: false, message });
  });

  it('when an unknown flag or a bad cron is given, then the message names it', () => {
    const unknown = parseCliArgs(['--onse']);
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.message).toContain("'--onse'");
    const cron = parseCliArgs(['--schedule', 'every minute']);
    expect(cron.ok).toBe(false);
    expect(!cron.ok && cron.message).toMatch(
      /^--schedule "every minute" is not a valid cron expression: /,
    );
  });

  it('when --help or --version is given, then no mode is required', () => {
    expect(parseCliArgs(['--help'])).toMatchObject({ ok: true, options: { mode: 'help' } });
    expect(parseCliArgs(['--version'])).toMatchObject({ ok: true, options: { mode: 'version' } });
  });
});
