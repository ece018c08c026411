import type { OutputOptions, Values } from '../cli/args.js';
import type { Config } from '../config.js';
import type { Outcome } from '../exit-code.js';
import type { CliIo } from '../io.js';
import type { Style } from '../output/style.js';

/** What a command gets: its parsed flags and positionals, the config, the io and a style. */
export interface CommandContext {
  readonly values: Values;
  readonly positionals: readonly string[];
  readonly output: OutputOptions;
  readonly config: Config;
  readonly io: CliIo;
  readonly style: Style;
  /** Whether to draw progress (stderr is a TTY, no --json, colour allowed). */
  readonly drawProgress: boolean;
  readonly now: () => number;
}

/**
 * What a command came to: the outcome (the exit code follows from it), the `--json` document's
 * `result`, and the human text for stdout. Every store value in `text` went through terminalSafe.
 */
export interface CommandResult {
  outcome: Outcome;
  data: Record<string, unknown>;
  text: string;
  /** Raw text for stdout instead of `text`/JSON (`connections list --csv`). */
  raw?: string;
  /** Said on stderr after `text` (human output only): a remark that is not the command's result. */
  note?: string;
  /** Why the command failed, on stderr as `attio-auth: error: …`, or as `error.message` in JSON. */
  error?: string;
}

export type CommandHandler = (ctx: CommandContext) => Promise<CommandResult>;
