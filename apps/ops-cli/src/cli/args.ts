import { parseArgs, type ParseArgsConfig } from 'node:util';
import { describeStray, UsageError } from './usage-error.js';

/**
 * Command-line parsing with Node's own `util.parseArgs` (no commander: its current major needs
 * Node 22). Returns a plain description of what to do; it never prints and never exits. Each
 * command's own flags are checked by the command (`commands/*.ts`), which knows their meaning.
 */
export type CommandName =
  | 'connections list'
  | 'connections show'
  | 'connections delete'
  | 'connections restore'
  | 'purge'
  | 'install-link'
  | 'revoke-token'
  | 'rotate-keys'
  | 'keygen';

export interface OutputOptions {
  json: boolean;
  /** --no-color: no colour and no progress bar even on a terminal. */
  noColor: boolean;
}

export type Values = Record<string, string | boolean | string[] | undefined>;

export type Command =
  | { kind: 'help'; topic: CommandName | undefined }
  | { kind: 'version' }
  | {
      kind: 'run';
      name: CommandName;
      values: Values;
      positionals: string[];
      output: OutputOptions;
    }
  | { kind: 'usage-error'; message: string; json: boolean };

const common = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
} satisfies ParseArgsConfig['options'];

type Spec = { options: ParseArgsConfig['options']; positionals: 'none' | 'one' | 'many' };

/** Every command's flags (beyond --help, --version, --json, --no-color). */
export const SPECS: Record<CommandName, Spec> = {
  'connections list': {
    options: {
      status: { type: 'string' },
      owner: { type: 'string', multiple: true },
      deleted: { type: 'boolean' },
      csv: { type: 'boolean' },
      'page-size': { type: 'string' },
    },
    positionals: 'none',
  },
  'connections show': { options: {}, positionals: 'one' },
  'connections delete': {
    options: {
      owner: { type: 'string', multiple: true },
      all: { type: 'boolean' },
      'no-revoke': { type: 'boolean' },
      purge: { type: 'boolean' },
    },
    positionals: 'many',
  },
  'connections restore': { options: {}, positionals: 'one' },
  purge: { options: { 'older-than-days': { type: 'string' } }, positionals: 'none' },
  'install-link': {
    options: {
      owner: { type: 'string', multiple: true },
      name: { type: 'string' },
      reconnect: { type: 'string' },
      'expires-in': { type: 'string' },
      'return-to': { type: 'string' },
    },
    positionals: 'none',
  },
  'revoke-token': { options: {}, positionals: 'none' },
  'rotate-keys': { options: { 'batch-size': { type: 'string' } }, positionals: 'none' },
  keygen: { options: { kid: { type: 'string' } }, positionals: 'none' },
};

const CONNECTIONS_SUBCOMMANDS = ['list', 'show', 'delete', 'restore'] as const;

/** Which command the first words name, and the rest of argv. */
function splitCommand(argv: readonly string[]): { name: CommandName; rest: string[] } | undefined {
  const [first, second, ...rest] = argv;
  if (first === 'connections') {
    if (second === undefined || second.startsWith('-')) {
      throw new UsageError(
        `"connections" needs a subcommand: ${CONNECTIONS_SUBCOMMANDS.join(', ')} (see attio-auth connections --help).`,
      );
    }
    if (!(CONNECTIONS_SUBCOMMANDS as readonly string[]).includes(second)) {
      throw new UsageError(
        `unknown subcommand ${describeStray(second)}; "connections" has ${CONNECTIONS_SUBCOMMANDS.join(', ')}.`,
      );
    }
    return { name: `connections ${second}` as CommandName, rest };
  }
  if (first !== undefined && first in SPECS && !first.includes(' ')) {
    return { name: first as CommandName, rest: argv.slice(1) };
  }
  return undefined;
}

/**
 * Parses `attio-auth <command> [options]`, `attio-auth help [command]`, `--help`, `--version`.
 *
 * @example
 * parseCommand(['connections', 'list', '--owner', 'team=growth', '--json']);
 * // { kind: 'run', name: 'connections list', values: { owner: ['team=growth'], … }, … }
 */
export function parseCommand(argv: readonly string[]): Command {
  const json = argv.includes('--json');
  try {
    const [first] = argv;
    if (first === undefined || first === '--help' || first === '-h') {
      return { kind: 'help', topic: undefined };
    }
    if (first === '--version' || first === '-V') return { kind: 'version' };
    if (first === 'help') {
      const topic = argv.slice(1).join(' ');
      return { kind: 'help', topic: topic in SPECS ? (topic as CommandName) : undefined };
    }
    if (first === 'connections' && (argv[1] === '--help' || argv[1] === '-h')) {
      return { kind: 'help', topic: undefined };
    }
    const split = splitCommand(argv);
    if (split === undefined) {
      throw new UsageError(
        `unknown command ${describeStray(first)}; run "attio-auth --help" for the list.`,
      );
    }
    const spec = SPECS[split.name];
    const { values, positionals } = parseArgs({
      args: split.rest,
      options: { ...common, ...spec.options },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) return { kind: 'help', topic: split.name };
    if (values.version) return { kind: 'version' };
    checkPositionals(split.name, spec, positionals);
    return {
      kind: 'run',
      name: split.name,
      values: values as Values,
      positionals,
      output: { json: values.json === true, noColor: values['no-color'] === true },
    };
  } catch (error) {
    const message = error instanceof UsageError ? error.message : parseArgsMessage(error);
    return { kind: 'usage-error', message, json };
  }
}

function checkPositionals(name: CommandName, spec: Spec, positionals: string[]): void {
  if (spec.positionals === 'none' && positionals.length > 0) {
    throw new UsageError(
      `unexpected ${describeStray(positionals[0] as string)} after "${name}"${name === 'revoke-token' ? ': the token is read from stdin, never from the command line' : ''}.`,
    );
  }
  if (spec.positionals === 'one' && positionals.length !== 1) {
    throw new UsageError(
      `"${name}" needs exactly one workspace id (attio-auth ${name} <workspace>).`,
    );
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
