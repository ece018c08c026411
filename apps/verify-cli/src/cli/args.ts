import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * Command-line parsing with Node's own `util.parseArgs` (no commander: its current major needs
 * Node 22). Returns a plain description of what to do; it never prints and never exits.
 */
export interface OutputOptions {
  json: boolean;
  quiet: boolean;
  /** --no-color: turn colour off even on a terminal. */
  noColor: boolean;
}

export interface VerifyOptions {
  token?: string;
  tokenStdin: boolean;
  workspace?: string;
  baseUrl?: string;
  /** Scope names from every --require (comma-separated lists flattened). */
  require: string[];
  /** Operations like `GET /v2/objects` from every --for (comma-separated lists flattened). */
  for: string[];
  timeoutMs: number;
  retries: number;
  output: OutputOptions;
}

export interface OAuthOptions {
  clientId?: string;
  clientSecretStdin: boolean;
  redirectUris: string[];
  tokenUrl?: string;
  timeoutMs: number;
  output: OutputOptions;
}

export type Command =
  | { kind: 'help'; topic: 'verify' | 'oauth' }
  | { kind: 'version' }
  | { kind: 'verify'; options: VerifyOptions }
  | { kind: 'oauth'; options: OAuthOptions }
  | { kind: 'usage-error'; message: string; topic: 'verify' | 'oauth'; json: boolean };

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_RETRIES = 2;

const common = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'no-color': { type: 'boolean' },
  timeout: { type: 'string' },
} satisfies ParseArgsConfig['options'];

const verifySpec = {
  ...common,
  token: { type: 'string' },
  'token-stdin': { type: 'boolean' },
  workspace: { type: 'string', short: 'w' },
  'base-url': { type: 'string' },
  require: { type: 'string', short: 'r', multiple: true },
  for: { type: 'string', multiple: true },
  retries: { type: 'string' },
} satisfies ParseArgsConfig['options'];

const oauthSpec = {
  ...common,
  'client-id': { type: 'string' },
  'client-secret-stdin': { type: 'boolean' },
  'redirect-uri': { type: 'string', multiple: true },
  'token-url': { type: 'string' },
} satisfies ParseArgsConfig['options'];

class UsageError extends Error {}

/** Splits repeated, comma-separated values ("a,b" "c") into ["a","b","c"], trimming blanks. */
function list(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/**
 * A whole-number flag. The rejected value is not repeated: a token pasted one argument too far
 * lands here (`--timeout sk_live_…`), and the message would print it back.
 */
function integer(
  value: string | undefined,
  flag: { name: string; unit?: string; fallback: number; min: number; max: number },
): number {
  const { name, unit, fallback, min, max } = flag;
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
    throw new UsageError(
      `--${name} must be a whole number${unit ? ` of ${unit}` : ''} from ${min} to ${max} (e.g. --${name} ${fallback}).`,
    );
  }
  return Number(value);
}

const TIMEOUT = {
  name: 'timeout',
  unit: 'milliseconds',
  fallback: DEFAULT_TIMEOUT_MS,
  min: 1,
  max: 600_000,
};

/**
 * Describes a stray positional argument without echoing it: people paste a token where a
 * command was expected, and the error message must not print it back.
 */
function describeStray(arg: string): string {
  return /^[a-z][a-z-]{0,19}$/.test(arg) ? `"${arg}"` : `an argument of ${arg.length} characters`;
}

function output(values: { json?: boolean; quiet?: boolean; 'no-color'?: boolean }): OutputOptions {
  return {
    json: values.json === true,
    quiet: values.quiet === true,
    noColor: values['no-color'] === true,
  };
}

function parseVerify(argv: string[]): Command {
  const { values, positionals } = parseArgs({
    args: argv,
    options: verifySpec,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return { kind: 'help', topic: 'verify' };
  if (values.version) return { kind: 'version' };
  if (positionals.length > 0) {
    throw new UsageError(
      `unexpected ${describeStray(positionals[0] as string)}. Pass a token with --token-stdin or ATTIO_API_KEY.`,
    );
  }
  const sources = [
    values.token !== undefined,
    values['token-stdin'] === true,
    values.workspace !== undefined,
  ];
  if (sources.filter(Boolean).length > 1) {
    throw new UsageError('use only one of --token, --token-stdin and --workspace.');
  }
  if (values.workspace !== undefined && values.workspace.trim() === '') {
    throw new UsageError('--workspace needs a workspace id.');
  }
  return {
    kind: 'verify',
    options: {
      token: values.token,
      tokenStdin: values['token-stdin'] === true,
      workspace: values.workspace?.trim(),
      baseUrl: values['base-url'],
      require: list(values.require),
      for: list(values.for),
      timeoutMs: integer(values.timeout, TIMEOUT),
      retries: integer(values.retries, {
        name: 'retries',
        fallback: DEFAULT_RETRIES,
        min: 0,
        max: 10,
      }),
      output: output(values),
    },
  };
}

function parseOAuth(argv: string[]): Command {
  const { values, positionals } = parseArgs({
    args: argv,
    options: oauthSpec,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return { kind: 'help', topic: 'oauth' };
  if (values.version) return { kind: 'version' };
  if (positionals.length > 0) {
    throw new UsageError(`unexpected ${describeStray(positionals[0] as string)} after "oauth".`);
  }
  return {
    kind: 'oauth',
    options: {
      clientId: values['client-id'],
      clientSecretStdin: values['client-secret-stdin'] === true,
      redirectUris: list(values['redirect-uri']),
      tokenUrl: values['token-url'],
      timeoutMs: integer(values.timeout, TIMEOUT),
      output: output(values),
    },
  };
}

/**
 * Parses `attio-verify [verify] [options]`, `attio-verify oauth [options]` and `attio-verify help [oauth]`.
 *
 * @example
 * parseCommand(['--require', 'note:read,task:read', '--json']);
 * // { kind: 'verify', options: { require: ['note:read', 'task:read'], output: { json: true, … }, … } }
 */
export function parseCommand(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  const topic = first === 'oauth' ? 'oauth' : 'verify';
  try {
    if (first === 'help') return { kind: 'help', topic: rest[0] === 'oauth' ? 'oauth' : 'verify' };
    if (first === 'oauth') return parseOAuth(rest);
    if (first === 'verify') return parseVerify(rest);
    if (first !== undefined && !first.startsWith('-')) {
      throw new UsageError(
        `unknown command ${describeStray(first)}; commands are "verify" (the default) and "oauth".`,
      );
    }
    return parseVerify([...argv]);
  } catch (error) {
    const message = error instanceof UsageError ? error.message : parseArgsMessage(error);
    return { kind: 'usage-error', message, topic, json: argv.includes('--json') };
  }
}

/** node:util parseArgs errors are clear; only their first sentence is kept (no positional echo). */
function parseArgsMessage(error: unknown): string {
  // Duck-typed: errors from node:util may come from another realm (Jest's VM), failing instanceof.
  const message = (error as { message?: unknown } | null)?.message;
  const text = typeof message === 'string' ? message : String(error);
  const first = text.split('. To specify a positional argument')[0] ?? text;
  return first.endsWith('.') ? first : `${first}.`;
}
