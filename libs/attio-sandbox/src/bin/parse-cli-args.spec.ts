import { HELP, parseCliArgs } from './parse-cli-args.js';

describe('parseCliArgs', () => {
  it('when no flags are given, then port 0 on 127.0.0.1 with Attio default limits', () => {
    expect(parseCliArgs([])).toEqual({
      kind: 'start',
      options: {
        port: 0,
        host: '127.0.0.1',
        rateLimit: { readsPerSecond: 100, writesPerSecond: 25 },
      },
    });
  });

  it('when flags are given, then they map onto SandboxOptions', () => {
    expect(
      parseCliArgs([
        '--port',
        '8123',
        '--no-rate-limit',
        '--redirect-uri',
        'http://a/cb',
        '--redirect-uri',
        'http://b/cb',
        '--faults',
        '[{"path":"/v2/*","status":503}]',
      ]),
    ).toEqual({
      kind: 'start',
      options: {
        port: 8123,
        host: '127.0.0.1',
        rateLimit: false,
        faults: [{ path: '/v2/*', status: 503 }],
        oauthApp: { redirectUris: ['http://a/cb', 'http://b/cb'] },
      },
    });
    expect(parseCliArgs(['--reads-per-second', '10', '--writes-per-second', '5'])).toMatchObject({
      options: { rateLimit: { readsPerSecond: 10, writesPerSecond: 5 } },
    });
  });

  it('when --help is given, then help', () => {
    expect(parseCliArgs(['-h'])).toEqual({ kind: 'help' });
    expect(HELP).toContain('--no-rate-limit');
  });

  it('when a value is bad, then an error that names the flag', () => {
    expect(parseCliArgs(['--port', 'x'])).toEqual({
      kind: 'error',
      message: '--port must be an integer ≥ 0 (got "x").',
    });
    expect(parseCliArgs(['--port', '70000'])).toEqual({
      kind: 'error',
      message: '--port must be ≤ 65535.',
    });
    expect(parseCliArgs(['--faults', '[{"path":"/v2/*","status":404}]'])).toEqual({
      kind: 'error',
      message: '--faults: faults[0].status must be 500, 502 or 503.',
    });
    const unknown = parseCliArgs(['--nope']);
    expect(unknown.kind).toBe('error');
    expect(unknown.kind === 'error' && unknown.message.endsWith('Run with --help for usage.')).toBe(
      true,
    );
  });
});
