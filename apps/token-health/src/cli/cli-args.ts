import { parseArgs } from 'node:util';
import { httpUrl } from '@attio-auth/app-config';
import { Cron } from 'croner';

/** What the command line asked for, after validation. */
export interface CliOptions {
  readonly mode: 'once' | 'schedule' | 'help' | 'version';
  /** Cron expression (croner syntax) when mode is `schedule`. */
  readonly schedule?: string;
  readonly tokensFile?: string;
  readonly baseUrl?: string;
  readonly json: boolean;
  readonly metricsFile?: string;
  readonly concurrency?: number;
  /** Check only `--tokens-file` entries; do not open the connection store. */
  readonly skipStore: boolean;
}

export type CliParseResult = { ok: true; options: CliOptions } | { ok: false; message: string };

/** Usage text printed by `--help` and after a usage error. */
export const USAGE = `Usage: attio-token-health (--once | --schedule "<cron>") [options]

Checks every stored Attio connection (and --tokens-file entries) with one GET /v2/self each,
records the result, and raises an event (delivered to EVENT_DESTINATIONS and ALERT_WEBHOOK_URL)
when a stored connection's status changes.

Modes:
  --once                 run one round and exit; the exit code summarises (for cron/systemd/CronJobs)
  --schedule "<cron>"    keep running, one round per cron tick (e.g. "*/15 * * * *"); never overlaps
                         rounds; serves /healthz and /metrics on HEALTH_HOST:HEALTH_PORT

Options:
  --tokens-file <path>   JSON [{ "name", "token", "requiredScopes": [] }] of plain access tokens to check too
  --skip-store           check only --tokens-file entries (no DATABASE_URL / TOKEN_ENCRYPTION_KEYS needed)
  --base-url <url>       Attio API base URL for every check (default ATTIO_API_BASE_URL or https://api.attio.com)
  --concurrency <n>      checks in flight at once, 1-256 (default HEALTH_CONCURRENCY or 16)
  --json                 one JSON line per check and a summary line on stdout
  --metrics-file <path>  write Prometheus text format (node-exporter textfile collector) after each round
  --help                 show this help
  --version              print the version

Exit codes (--once): 0 all healthy; 1 some revoked, under-scoped or workspace-mismatched;
  2 only failed_to_check; 64 usage error; 75 another instance holds the SQLite run lock; 78 configuration error.`;

/**
 * Parses argv (without the node and script paths). Pure: returns a usage error instead of throwing.
 *
 * @example
 * parseCliArgs(['--once', '--json']); // { ok: true, options: { mode: 'once', json: true, ... } }
 */
export function parseCliArgs(argv: readonly string[]): CliParseResult {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        once: { type: 'boolean' },
        schedule: { type: 'string' },
        'tokens-file': { type: 'string' },
        'skip-store': { type: 'boolean' },
        'base-url': { type: 'string' },
        json: { type: 'boolean' },
        'metrics-file': { type: 'string' },
        concurrency: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    }));
  } catch (error) {
    // node:util messages name the bad flag, e.g. "Unknown option '--onse'".
    return { ok: false, message: (error as Error).message };
  }
  const base = {
    json: values.json === true,
    skipStore: values['skip-store'] === true,
    tokensFile: values['tokens-file'],
    metricsFile: values['metrics-file'],
  };
  if (values.help) return { ok: true, options: { ...base, mode: 'help' } };
  if (values.version) return { ok: true, options: { ...base, mode: 'version' } };

  if (values.once && values.schedule !== undefined) {
    return { ok: false, message: 'Choose one mode: --once or --schedule "<cron>", not both.' };
  }
  if (!values.once && values.schedule === undefined) {
    return { ok: false, message: 'Missing mode: pass --once or --schedule "<cron>".' };
  }
  if (values.schedule !== undefined) {
    const problem = cronProblem(values.schedule);
    if (problem)
      return {
        ok: false,
        message: `--schedule "${values.schedule}" is not a valid cron expression: ${problem}`,
      };
  }
  if (values['skip-store'] && !values['tokens-file']) {
    return {
      ok: false,
      message: '--skip-store needs --tokens-file (otherwise there is nothing to check).',
    };
  }

  // Rejected values are never repeated: a URL may hold a password, and a token pasted one
  // argument too far lands in whatever flag came before it.
  let concurrency: number | undefined;
  if (values.concurrency !== undefined) {
    concurrency = Number(values.concurrency);
    if (!/^\d+$/.test(values.concurrency) || concurrency < 1 || concurrency > 256) {
      return {
        ok: false,
        message: '--concurrency must be a whole number from 1 to 256 (e.g. --concurrency 16).',
      };
    }
  }
  let baseUrl: string | undefined;
  if (values['base-url'] !== undefined) {
    const parsed = baseUrlOption(values['base-url']);
    if (!parsed.ok) return parsed;
    baseUrl = parsed.value;
  }
  return {
    ok: true,
    options: {
      ...base,
      mode: values.once ? 'once' : 'schedule',
      schedule: values.schedule,
      baseUrl,
      concurrency,
    },
  };
}

function cronProblem(expression: string): string | undefined {
  try {
    // paused: validate only, never start a timer.
    new Cron(expression, { paused: true }).stop();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The URL rule of ATTIO_API_BASE_URL (app-config `httpUrl`): one rule for the flag and the variable. */
const BASE_URL = httpUrl({ allowQuery: false });

/**
 * `--base-url`, checked like ATTIO_API_BASE_URL. `user:password@` is refused rather than sent:
 * fetch cannot send it, and it would end up in output and logs.
 */
function baseUrlOption(
  value: string,
): { ok: true; value: string } | { ok: false; message: string } {
  const parsed = BASE_URL.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url && (url.username !== '' || url.password !== '')) {
    return {
      ok: false,
      message: '--base-url must not contain user:password@; the token is sent as a Bearer header.',
    };
  }
  return { ok: false, message: `--base-url ${parsed.error.issues[0]?.message ?? 'is invalid'}.` };
}
