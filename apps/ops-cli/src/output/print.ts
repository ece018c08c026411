import { terminalSafe, toTerminalSafeJson } from '@attio-auth/attio-errors';
import type { CommandName } from '../cli/args.js';
import { exitCodeFor, type Outcome } from '../exit-code.js';
import type { Writer } from '../io.js';
import { TOOL_NAME, VERSION } from '../version.js';

/**
 * `attio-auth: error: …` on stderr, with control characters escaped.
 *
 * @example
 * printError(io.stderr, 'no such connection.'); // attio-auth: error: no such connection.
 */
export function printError(out: Writer, message: string): void {
  out.write(`${TOOL_NAME}: error: ${terminalSafe(message)}\n`);
}

/**
 * The `--json` document: tool, version, command, outcome, exitCode, then `result` or `error`.
 *
 * @example
 * printJson(io.stdout, 'purge', 'ok', { result: { purged: 2 } });
 */
export function printJson(
  out: Writer,
  command: CommandName | undefined,
  outcome: Outcome,
  body: Record<string, unknown>,
): void {
  const doc = {
    tool: TOOL_NAME,
    version: VERSION,
    command: command ?? null,
    outcome,
    exitCode: exitCodeFor(outcome),
    ...body,
  };
  out.write(`${toTerminalSafeJson(doc, 2)}\n`);
}
