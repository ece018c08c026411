/**
 * Malformed command lines, tokens and configuration for the two CLIs, with the exit codes that are
 * acceptable answers: 64 (usage), 78 (configuration), 1 (the token is invalid / some token is
 * revoked), 2/3 where the tool could not reach a verdict. Never 0 for nonsense, never 70 (a crash),
 * never an exception out of run().
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { CliCase } from './checks.js';

/** A pasted credential-like value; it must never be echoed back. */
export const PASTED = 'sk_live_4f9c2d7e1b8a6f3c0d5e9b2a7c4f1e8d';

/**
 * Builds the cases; `api` is the sandbox base URL (for cases that reach the network), `dir` a temp
 * directory for files (tokens files, the CLI's cwd).
 *
 * @example
 * ```ts
 * const cases = cliCases(sandbox.urls.api, sandbox.fixtures.tokens.full, hostileNameToken);
 * ```
 */
export function cliCases(
  api: string,
  goodToken: string,
  /** A token of a workspace whose name holds terminal escapes and Slack control sequences. */
  hostileNameToken: string,
): { cases: (CliCase & { env?: Record<string, string>; stdin?: string })[]; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'suite-bad-input-'));
  const badJson = join(dir, 'bad.json');
  writeFileSync(badJson, `[{"name":"a","token":"${PASTED}"`);
  const garbageTokens = join(dir, 'garbage.json');
  writeFileSync(
    garbageTokens,
    JSON.stringify([
      { name: 'g1', token: `${PASTED} with spaces`, requiredScopes: [] },
      { name: 'g2', token: '<script>alert(1)</script>', requiredScopes: [] },
    ]),
  );
  const dupNames = join(dir, 'dup.json');
  writeFileSync(
    dupNames,
    JSON.stringify([
      { name: 'a', token: PASTED, requiredScopes: [] },
      { name: 'a', token: PASTED, requiredScopes: [] },
    ]),
  );
  const net = ['--base-url', api, '--timeout', '3000', '--retries', '0'];
  const verify = (
    label: string,
    argv: string[],
    expectExit: number[],
    extra: { env?: Record<string, string>; stdin?: string; secrets?: string[] } = {},
  ) => ({ app: 'verify' as const, label, argv, expectExit, ...extra });
  const health = (
    label: string,
    argv: string[],
    expectExit: number[],
    extra: { env?: Record<string, string>; secrets?: string[] } = {},
  ) => ({ app: 'health' as const, label, argv, expectExit, ...extra });
  const cases = [
    verify('unknown flag', ['--tokn', 'x'], [64]),
    verify('--token without a value', ['--token'], [64]),
    verify('negative timeout', ['--timeout', '-5', '--token', goodToken], [64], {
      secrets: [goodToken],
    }),
    verify('non-numeric timeout', ['--timeout', 'abc'], [64]),
    verify('retries out of range', ['--retries', '99'], [64]),
    verify('two token sources', ['--token', PASTED, '--token-stdin'], [64], { secrets: [PASTED] }),
    verify('unknown command', ['frobnicate'], [64]),
    verify('token pasted as a positional', [PASTED], [64], { secrets: [PASTED] }),
    verify('empty --workspace', ['--workspace', ''], [64]),
    verify('empty token', ['--token', '', ...net], [1, 64, 78]),
    verify('token with spaces', ['--token', `${PASTED} extra words`, ...net], [1], {
      secrets: [PASTED],
    }),
    verify('10,000-character token', ['--token', 'x'.repeat(10_000), ...net], [1], {
      secrets: ['x'.repeat(10_000)],
    }),
    verify('script as token', ['--token', '<script>alert(1)</script>', ...net], [1]),
    verify('token with a newline', ['--token', `${PASTED}\nsecond`, ...net], [1], {
      secrets: [PASTED],
    }),
    verify('emoji token', ['--token', '😀'.repeat(20), ...net], [1]),
    verify('token with "Bearer " prefix', ['--token', `Bearer ${PASTED}`, ...net], [1], {
      secrets: [PASTED],
    }),
    verify('unknown well-formed token', ['--token', PASTED, ...net], [1], { secrets: [PASTED] }),
    verify('ftp base URL', ['--token', goodToken, '--base-url', 'ftp://example.com'], [64, 78], {
      secrets: [goodToken],
    }),
    verify(
      'base URL that is not a URL',
      ['--token', goodToken, '--base-url', 'not a url'],
      [64, 78],
      { secrets: [goodToken] },
    ),
    verify(
      'unknown required scope',
      ['--token', goodToken, '--require', 'no_such_scope:read', ...net],
      [64],
      { secrets: [goodToken] },
    ),
    verify(
      'unknown operation for --for',
      ['--token', goodToken, '--for', 'FROB /v9/nothing', ...net],
      [2, 64, 78],
      { secrets: [goodToken] },
    ),
    verify('oauth --client-id without a value', ['oauth', '--client-id'], [64]),
    verify(
      'oauth javascript: redirect URI',
      ['oauth', '--client-id', 'x', '--redirect-uri', 'javascript:alert(1)', '--timeout', '2000'],
      [1, 3, 64, 78],
    ),
    verify('pasted token as --timeout', ['--timeout', PASTED, '--token', goodToken], [64], {
      secrets: [PASTED, goodToken],
    }),
    verify(
      'password in --base-url',
      ['--token', goodToken, '--base-url', `http://ops:${PASTED}@127.0.0.1:9`],
      [64],
      { secrets: [PASTED, goodToken] },
    ),
    verify(
      'password in --redirect-uri',
      ['oauth', '--client-id', 'x', '--redirect-uri', `http://ops:${PASTED}@localhost/cb`],
      [1, 3, 64, 78],
      { secrets: [PASTED] },
    ),
    verify('workspace name with terminal escapes', ['--token', hostileNameToken, ...net], [0], {
      secrets: [hostileNameToken],
    }),
    verify(
      'workspace name with terminal escapes (--json)',
      ['--json', '--token', hostileNameToken, ...net],
      [0],
      { secrets: [hostileNameToken] },
    ),
    verify('no token anywhere', ['--json', ...net], [78]),
    verify('garbage ATTIO_API_KEY', [...net], [1], {
      env: { ATTIO_API_KEY: `${PASTED}!!` },
      secrets: [PASTED],
    }),
    verify('multi-line stdin token', ['--token-stdin', ...net], [1], {
      stdin: `${PASTED}\n${PASTED}\n`,
      secrets: [PASTED],
    }),
    health('no mode', [], [64]),
    health('misspelled flag', ['--onse'], [64]),
    health('two modes', ['--once', '--schedule', '* * * * *'], [64]),
    health('invalid cron', ['--schedule', 'every tuesday'], [64]),
    health('concurrency 0', ['--once', '--concurrency', '0'], [64]),
    health('concurrency abc', ['--once', '--concurrency', 'abc'], [64]),
    health('javascript: base URL', ['--once', '--base-url', 'javascript:alert(1)'], [64]),
    health('password in --base-url', ['--once', '--base-url', `http://ops:${PASTED}@h/`], [64], {
      secrets: [PASTED],
    }),
    health('pasted token as --concurrency', ['--once', '--concurrency', PASTED], [64], {
      secrets: [PASTED],
    }),
    health('--skip-store without tokens file', ['--once', '--skip-store'], [64]),
    health(
      'missing tokens file',
      ['--once', '--skip-store', '--tokens-file', join(dir, 'nope.json')],
      [78],
    ),
    health('truncated tokens file', ['--once', '--skip-store', '--tokens-file', badJson], [78], {
      secrets: [PASTED],
    }),
    health(
      'duplicate names in tokens file',
      ['--once', '--skip-store', '--tokens-file', dupNames],
      [78],
      { secrets: [PASTED] },
    ),
    health(
      'garbage tokens in tokens file',
      ['--once', '--json', '--skip-store', '--tokens-file', garbageTokens, '--base-url', api],
      [78],
      { secrets: [PASTED] },
    ),
    health(
      'non-numeric HEALTH_CONCURRENCY',
      ['--once', '--skip-store', '--tokens-file', garbageTokens],
      [78],
      { env: { HEALTH_CONCURRENCY: 'lots' } },
    ),
    health('garbage TOKEN_ENCRYPTION_KEYS', ['--once'], [78], {
      env: {
        TOKEN_ENCRYPTION_KEYS: `k1:${PASTED}`,
        DATABASE_URL: `sqlite:${join(dir, 'h.sqlite')}`,
      },
      secrets: [PASTED],
    }),
    health('unsupported DATABASE_URL with a password', ['--once'], [78], {
      env: {
        TOKEN_ENCRYPTION_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
        DATABASE_URL: `mysql://app:${PASTED}@db/x`,
      },
      secrets: [PASTED],
    }),
  ];
  return { cases, dir };
}
