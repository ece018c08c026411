import { parseCommand, type Command, type OutputOptions } from './cli/args.js';
import { oauthHelp, verifyHelp } from './cli/help.js';
import { exitCodeFor } from './exit-code.js';
import type { CliIo } from './io.js';
import { renderHuman } from './output/human.js';
import { renderJson } from './output/json.js';
import {
  emptyOAuthReport,
  emptyVerifyReport,
  reportOutcomes,
  type Report,
} from './output/report.js';
import { createStyle, useColour } from './output/style.js';
import { createSecretMask, type SecretMask } from './output/secret-mask.js';
import { VERSION } from './version.js';

/**
 * The whole CLI as a function: parses `argv`, runs the command, prints through `io`, and returns
 * the exit code. It reads no globals (environment, cwd, stdin and fetch come from `io`), so tests
 * run it in process. The checks, attio-core and the connection store are imported lazily, only
 * when a command needs them: `--version` and `--help` load nothing but this file's small imports.
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
    io.stdout.write(command.topic === 'oauth' ? oauthHelp() : verifyHelp());
    return 0;
  }
  const mask = createSecretMask();
  if (command.kind === 'usage-error') {
    const report = command.topic === 'oauth' ? emptyOAuthReport() : emptyVerifyReport();
    report.error = { outcome: 'usage_error', message: command.message };
    return print(report, { json: command.json, quiet: false, noColor: false }, io, mask);
  }
  let report: Report;
  try {
    report = await execute(command, io, mask);
  } catch (error) {
    // A defect, not a finding: say so plainly (masked) rather than print a stack with a token in it.
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.stderr.write(mask.apply(`attio-verify: unexpected error (please report it): ${message}\n`));
    return 70;
  }
  return print(report, command.options.output, io, mask);
}

async function execute(
  command: Extract<Command, { kind: 'verify' | 'oauth' }>,
  io: CliIo,
  mask: SecretMask,
): Promise<Report> {
  if (command.kind === 'verify') {
    const { runVerify } = await import('./verify/verify-command.js');
    return runVerify(command.options, io, mask);
  }
  const { runOAuth } = await import('./oauth/oauth-command.js');
  return runOAuth(command.options, io, mask);
}

function print(report: Report, output: OutputOptions, io: CliIo, mask: SecretMask): number {
  if (output.json) {
    io.stdout.write(mask.apply(`${renderJson(report)}\n`));
  } else {
    const style = createStyle(useColour({ isTTY: io.isTTY, env: io.env, noColor: output.noColor }));
    const text = renderHuman(report, { style, quiet: output.quiet });
    if (text.stdout !== '') io.stdout.write(mask.apply(text.stdout));
    if (text.stderr !== '') io.stderr.write(mask.apply(text.stderr));
  }
  return exitCodeFor(reportOutcomes(report));
}
