import { parseCommand, type CommandName } from './cli/args.js';
import { helpText } from './cli/help.js';
import { UsageError } from './cli/usage-error.js';
import type { CommandContext, CommandHandler, CommandResult } from './commands/command.js';
import { exitCodeFor, type Outcome } from './exit-code.js';
import type { CliIo } from './io.js';
import { createStyle, useColour } from './output/style.js';
import { SetupError } from './setup-error.js';
import { VERSION } from './version.js';

/** Each command's module, imported only when that command runs (`--help`/`--version` load none). */
const HANDLERS: Record<CommandName, () => Promise<CommandHandler>> = {
  'connections list': async () => (await import('./commands/connections-list.js')).listCommand,
  'connections show': async () => (await import('./commands/connections-show.js')).showCommand,
  'connections delete': async () =>
    (await import('./commands/connections-delete.js')).deleteCommand,
  'connections restore': async () =>
    (await import('./commands/connections-restore.js')).restoreCommand,
  purge: async () => (await import('./commands/purge.js')).purgeCommand,
  'install-link': async () => (await import('./commands/install-link.js')).installLinkCommand,
  'revoke-token': async () => (await import('./commands/revoke-token.js')).revokeTokenCommand,
  'rotate-keys': async () => (await import('./commands/rotate-keys.js')).rotateKeysCommand,
  keygen: async () => (await import('./commands/keygen.js')).keygenCommand,
  'events list': async () => (await import('./commands/events-list.js')).eventsListCommand,
  'events show': async () => (await import('./commands/events-show.js')).eventsShowCommand,
  'events replay': async () => (await import('./commands/events-replay.js')).eventsReplayCommand,
};

/**
 * The whole CLI as a function: parses `argv`, runs the command, prints through `io`, and returns
 * the exit code. It reads no globals (environment, cwd, stdin and fetch come from `io`), so tests
 * run it in process. Configuration: flags > `io.env` > `./.env` of `io.cwd`.
 *
 * @example
 * process.exitCode = await run(process.argv.slice(2), processIo());
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const command = parseCommand(argv);
  if (command.kind === 'version') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (command.kind === 'help') {
    io.stdout.write(helpText(command.topic));
    return 0;
  }
  if (command.kind === 'usage-error') {
    return fail(io, command.json, undefined, 'usage_error', command.message);
  }
  const { name, output } = command;
  const colour = useColour({ isTTY: io.isTTY, env: io.env, noColor: output.noColor });
  let result: CommandResult;
  try {
    const { loadRunConfig } = await import('./load-run-config.js');
    const config = await loadRunConfig(io);
    const ctx: CommandContext = {
      values: command.values,
      positionals: command.positionals,
      output,
      config,
      io,
      style: createStyle(colour),
      drawProgress: colour && !output.json,
      now: io.now ?? Date.now,
    };
    result = await (await HANDLERS[name]())(ctx);
  } catch (error) {
    if (error instanceof UsageError)
      return fail(io, output.json, name, 'usage_error', error.message);
    if (error instanceof SetupError)
      return fail(io, output.json, name, 'config_error', error.message);
    const stored = storeFailure(error);
    if (stored !== undefined) return fail(io, output.json, name, stored, (error as Error).message);
    // A defect, not a finding: say so plainly without a stack (which could hold a value).
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return fail(
      io,
      output.json,
      name,
      'internal_error',
      `unexpected error (please report it): ${message}`,
    );
  }
  if (output.json) {
    const error = result.error === undefined ? {} : { error: { message: result.error } };
    await writeJson(io, name, result.outcome, { result: result.data, ...error });
    return exitCodeFor(result.outcome);
  }
  const text = result.raw ?? result.text;
  if (text !== '') io.stdout.write(text);
  if (result.note !== undefined) io.stderr.write(result.note);
  if (result.error !== undefined)
    (await import('./output/print.js')).printError(io.stderr, result.error);
  return exitCodeFor(result.outcome);
}

async function fail(
  io: CliIo,
  json: boolean,
  name: CommandName | undefined,
  outcome: Outcome,
  message: string,
): Promise<number> {
  if (json) await writeJson(io, name, outcome, { error: { message } });
  else (await import('./output/print.js')).printError(io.stderr, message);
  return exitCodeFor(outcome);
}

async function writeJson(
  io: CliIo,
  name: CommandName | undefined,
  outcome: Outcome,
  body: Record<string, unknown>,
): Promise<void> {
  (await import('./output/print.js')).printJson(io.stdout, name, outcome, body);
}

/**
 * Store errors (their messages never hold a token or key) that are findings rather than defects:
 * a database that does not answer, or tokens the key ring cannot open.
 */
function storeFailure(error: unknown): Outcome | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'STORE_UNAVAILABLE') return 'unreachable';
  if (code === 'STORE_KEY_UNKNOWN' || code === 'STORE_DECRYPT_FAILED') return 'config_error';
  return undefined;
}
