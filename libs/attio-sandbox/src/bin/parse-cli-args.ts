/**
 * Command-line options of the standalone sandbox (`npm run sandbox -- --port 0`), parsed with
 * `node:util` parseArgs into `SandboxOptions`. Pure: no process globals, so it is unit-tested directly.
 */
import { parseArgs } from 'node:util';
import { compileFaults } from '../faults/fault-rules.js';
import type { FaultRule, SandboxOptions } from '../types.js';

/** Text printed by `--help`. */
export const HELP = `attio-sandbox: a local stand-in for Attio's REST API and OAuth endpoints.

Usage: attio-sandbox [options]   (in this repo: npm run sandbox -- [options])

Options:
  --port <n>               port to listen on; 0 picks a free one (default 0)
  --host <addr>            address to bind (default 127.0.0.1)
  --reads-per-second <n>   per-token read limit (default 100)
  --writes-per-second <n>  per-token write limit (default 25)
  --no-rate-limit          turn rate limiting off
  --redirect-uri <uri>     redirect URI of the fixture OAuth app (repeatable)
  --faults <json>          fault rules, e.g. '[{"path":"/v2/*","status":503,"rate":0.1}]'
  -h, --help               show this help

Prints one JSON line first: { apiUrl, oauthUrl, adminUrl, fixtures: { tokens, oauthApp } }, then logs.
Stops cleanly on SIGTERM / SIGINT.
`;

/** Parse outcome: options to start with, or help to print, or a usage error. */
export type CliParse =
  | { readonly kind: 'start'; readonly options: SandboxOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

function positiveInt(
  value: string | undefined,
  flag: string,
  min: number,
): number | string | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > 65_535 * 1000)
    return `${flag} must be an integer ≥ ${min} (got "${value}").`;
  return n;
}

/**
 * Parses argv (without the node and script entries).
 *
 * @example
 * ```ts
 * parseCliArgs(['--port', '0', '--no-rate-limit']);
 * // → { kind: 'start', options: { port: 0, host: '127.0.0.1', rateLimit: false } }
 * ```
 */
export function parseCliArgs(argv: readonly string[]): CliParse {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'reads-per-second': { type: 'string' },
        'writes-per-second': { type: 'string' },
        'no-rate-limit': { type: 'boolean' },
        'redirect-uri': { type: 'string', multiple: true },
        faults: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    return {
      kind: 'error',
      message: `${(e as Error).message}. Run with --help for usage.`,
    };
  }
  if (values.help) return { kind: 'help' };
  const port = positiveInt(values.port, '--port', 0);
  const reads = positiveInt(values['reads-per-second'], '--reads-per-second', 1);
  const writes = positiveInt(values['writes-per-second'], '--writes-per-second', 1);
  for (const v of [port, reads, writes])
    if (typeof v === 'string') return { kind: 'error', message: v };
  if (typeof port === 'number' && port > 65_535)
    return { kind: 'error', message: '--port must be ≤ 65535.' };
  let faults: FaultRule[] | undefined;
  if (values.faults !== undefined) {
    try {
      faults = JSON.parse(values.faults) as FaultRule[];
      compileFaults(faults);
    } catch (e) {
      return { kind: 'error', message: `--faults: ${(e as Error).message}` };
    }
  }
  const options: SandboxOptions = {
    port: (port as number | undefined) ?? 0,
    host: values.host ?? '127.0.0.1',
    rateLimit: values['no-rate-limit']
      ? false
      : {
          readsPerSecond: (reads as number | undefined) ?? 100,
          writesPerSecond: (writes as number | undefined) ?? 25,
        },
    ...(faults ? { faults } : {}),
    ...(values['redirect-uri'] ? { oauthApp: { redirectUris: values['redirect-uri'] } } : {}),
  };
  return { kind: 'start', options };
}
