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
  | 'keygen'
  | 'events list'
  | 'events show'
  | 'events replay';

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
  'events list': {
    options: {
      state: { type: 'string' },
      type: { type: 'string' },
      workspace: { type: 'string' },
      limit: { type: 'string' },
    },
    positionals: 'none',
  },
  'events show': { options: {}, positionals: 'one' },
  'events replay': { options: { destination: { type: 'string' } }, positionals: 'one' },
};

/** The command groups and their subcommands. */
const SUBCOMMANDS: Record<string, readonly string[]> = {
  connections: ['list', 'show', 'delete', 'restore'],
  events: ['list', 'show', 'replay'],
};

/** Which command the first words name, and the rest of argv. */
function splitCommand(argv: readonly string[]): { name: CommandName; rest: string[] } | undefined {
  const [first, second, ...rest] = argv;
  const group = first === undefined ? undefined : SUBCOMMANDS[first];
  if (group !== undefined) {
    if (second === undefined || second.startsWith('-')) {
      throw new UsageError(
        `"${first}" needs a subcommand: ${group.join(', ')} (see attio-auth ${first} --help).`,
      );
    }
    if (!group.includes(second)) {
      throw new UsageError(
        `unknown subcommand ${describeStray(second)}; "${first}" has ${group.join(', ')}.`,
      );
    }
    return { name: `${first} ${second}` as CommandName, rest };
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
    if (
      (first === 'connections' || first === 'events') &&
      (argv[1] === '--help' || argv[1] === '-h')
    ) {
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
    const what = name.startsWith('events ')
      ? ['event id', '<event-id>']
      : ['workspace id', '<workspace>'];
    throw new UsageError(`"${name}" needs exactly one ${what[0]} (attio-auth ${name} ${what[1]}).`);
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
