import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, parseCommand } from './args.js';

describe('parseCommand', () => {
  it('when given no arguments, then it is a verify with defaults', () => {
    expect(parseCommand([])).toEqual({
      kind: 'verify',
      options: {
        token: undefined,
        tokenStdin: false,
        workspace: undefined,
        baseUrl: undefined,
        require: [],
        for: [],
        timeoutMs: DEFAULT_TIMEOUT_MS,
        retries: DEFAULT_RETRIES,
        output: { json: false, quiet: false, noColor: false },
      },
    });
  });

  it('when --require and --for are repeated and comma-separated, then they are flattened and trimmed', () => {
    const command = parseCommand([
      'verify',
      '-r',
      'note:read, task:read',
      '--require',
      'webhook:read',
      '--for',
      'GET /v2/objects,POST /v2/notes',
    ]);
    expect(command.kind).toBe('verify');
    if (command.kind !== 'verify') return;
    expect(command.options.require).toEqual(['note:read', 'task:read', 'webhook:read']);
    expect(command.options.for).toEqual(['GET /v2/objects', 'POST /v2/notes']);
  });

  it('when --help, -h or "help" is given, then help for the right topic', () => {
    expect(parseCommand(['--help'])).toEqual({ kind: 'help', topic: 'verify' });
    expect(parseCommand(['-h', '--token', 'x'])).toEqual({ kind: 'help', topic: 'verify' });
    expect(parseCommand(['oauth', '--help'])).toEqual({ kind: 'help', topic: 'oauth' });
    expect(parseCommand(['help', 'oauth'])).toEqual({ kind: 'help', topic: 'oauth' });
  });

  it('when --version or -V is given, then version', () => {
    expect(parseCommand(['--version'])).toEqual({ kind: 'version' });
    expect(parseCommand(['oauth', '-V'])).toEqual({ kind: 'version' });
  });

  it('when two token sources are given, then a usage error saying to pick one', () => {
    expect(parseCommand(['--token', 'sk_abc', '--token-stdin', '--json'])).toEqual({
      kind: 'usage-error',
      message: 'use only one of --token, --token-stdin and --workspace.',
      topic: 'verify',
      json: true,
    });
  });

  it('when a token is pasted as a bare argument, then the usage error does not echo it', () => {
    const command = parseCommand(['sk_live_0123456789abcdef']);
    expect(command).toEqual({
      kind: 'usage-error',
      message:
        'unknown command an argument of 24 characters; commands are "verify" (the default) and "oauth".',
      topic: 'verify',
      json: false,
    });
    const after = parseCommand(['verify', 'sk_live_0123456789abcdef']);
    expect(after.kind === 'usage-error' && after.message).toBe(
      'unexpected an argument of 24 characters. Pass a token with --token-stdin or ATTIO_API_KEY.',
    );
  });

  it('when an unknown option is given, then node:util parseArgs names it', () => {
    expect(parseCommand(['--tokne', 'x'])).toEqual({
      kind: 'usage-error',
      message: "Unknown option '--tokne'.",
      topic: 'verify',
      json: false,
    });
  });

  it('when --timeout or --retries is not a whole number in range, then a usage error that does not echo the value', () => {
    // A token pasted one argument too far lands in --timeout: it must not be printed back.
    const timeout = parseCommand(['--timeout', 'sk_live_pasted_0123456789']);
    expect(timeout.kind === 'usage-error' && timeout.message).toBe(
      '--timeout must be a whole number of milliseconds from 1 to 600000 (e.g. --timeout 10000).',
    );
    const oauthTimeout = parseCommand(['oauth', '--timeout', '5s']);
    expect(oauthTimeout.kind === 'usage-error' && oauthTimeout.message).toBe(
      '--timeout must be a whole number of milliseconds from 1 to 600000 (e.g. --timeout 10000).',
    );
    const retries = parseCommand(['--retries', '11']);
    expect(retries.kind === 'usage-error' && retries.message).toBe(
      '--retries must be a whole number from 0 to 10 (e.g. --retries 2).',
    );
  });

  it('when oauth options are given, then they are parsed for the oauth command', () => {
    expect(
      parseCommand([
        'oauth',
        '--client-id',
        'cid',
        '--redirect-uri',
        'https://a.example/cb,http://localhost:3000/cb',
        '--client-secret-stdin',
        '--json',
      ]),
    ).toEqual({
      kind: 'oauth',
      options: {
        clientId: 'cid',
        clientSecretStdin: true,
        redirectUris: ['https://a.example/cb', 'http://localhost:3000/cb'],
        tokenUrl: undefined,
        timeoutMs: DEFAULT_TIMEOUT_MS,
        output: { json: true, quiet: false, noColor: false },
      },
    });
  });

  it('when a verify-only option is given to oauth, then it is a usage error for the oauth topic', () => {
    expect(parseCommand(['oauth', '--token', 'x'])).toEqual({
      kind: 'usage-error',
      message: "Unknown option '--token'.",
      topic: 'oauth',
      json: false,
    });
  });
});
