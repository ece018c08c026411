import { parseCommand } from './args.js';
import { helpText } from './help.js';

describe('parseCommand', () => {
  it('when a two-word command has flags, then it names the command and keeps repeated flags', () => {
    expect(
      parseCommand(['connections', 'list', '--owner', 'a=1', '--owner', 'b=2', '--json']),
    ).toEqual({
      kind: 'run',
      name: 'connections list',
      values: { owner: ['a=1', 'b=2'], json: true },
      positionals: [],
      output: { json: true, noColor: false },
    });
  });

  it("when --help follows a command, then that command's page is asked for", () => {
    expect(parseCommand(['rotate-keys', '--help'])).toEqual({ kind: 'help', topic: 'rotate-keys' });
    expect(parseCommand(['help', 'connections', 'delete'])).toEqual({
      kind: 'help',
      topic: 'connections delete',
    });
    expect(parseCommand([])).toEqual({ kind: 'help', topic: undefined });
    expect(helpText('keygen').startsWith('Usage: attio-auth keygen')).toBe(true);
  });

  it('when the command or subcommand is unknown, then a usage error that does not echo a pasted value', () => {
    expect(parseCommand(['frobnicate'])).toEqual({
      kind: 'usage-error',
      message: 'unknown command "frobnicate"; run "attio-auth --help" for the list.',
      json: false,
    });
    expect(parseCommand(['connections', 'x'.repeat(64), '--json'])).toEqual({
      kind: 'usage-error',
      message:
        'unknown subcommand an argument of 64 characters; "connections" has list, show, delete, restore.',
      json: true,
    });
    expect(parseCommand(['connections', 'show'])).toMatchObject({
      kind: 'usage-error',
      message:
        '"connections show" needs exactly one workspace id (attio-auth connections show <workspace>).',
    });
    expect(parseCommand(['keygen', '--frob'])).toMatchObject({
      kind: 'usage-error',
      message: "Unknown option '--frob'.",
    });
  });
});
