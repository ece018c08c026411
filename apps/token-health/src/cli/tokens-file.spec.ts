import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTokensFile, parseTokensFile, TokensFileError } from './tokens-file.js';

describe('tokens file', () => {
  it('when entries are valid, then they are returned with requiredScopes defaulting to []', () => {
    expect(
      parseTokensFile(
        '[{"name":"a","token":"sk_1","requiredScopes":["note:read"]},{"name":"b","token":"sk_2"}]',
        't.json',
      ),
    ).toEqual([
      { name: 'a', token: 'sk_1', requiredScopes: ['note:read'] },
      { name: 'b', token: 'sk_2', requiredScopes: [] },
    ]);
  });

  it('when tokens are malformed, then each is a file problem naming its entry and line, never the token', () => {
    const entries = [
      { name: 'inner-space', token: 'sk_live_abc def0123' },
      { name: 'control', token: 'sk_live_abc\u001b[2Jdef' },
      { name: 'empty', token: '' },
      { name: 'blank', token: '   ' },
      { name: 'long', token: `sk_${'a'.repeat(4094)}` },
      { name: 'non-ascii', token: 'sk_live_abc\u2026' },
      { name: 'newline', token: 'sk_live_abc\nsk_live_def' },
    ];
    const text = `[\n${entries.map((e) => `  ${JSON.stringify(e)}`).join(',\n')}\n]\n`;
    let error: Error | undefined;
    try {
      parseTokensFile(text, 't.json');
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeInstanceOf(TokensFileError);
    expect(error?.message).toBe(
      't.json has 7 problem(s):\n' +
        '  - entry 0 (line 2): token contains whitespace; copy the token again in one piece\n' +
        '  - entry 1 (line 3): token contains a control or non-ASCII character; a token is printable ASCII without spaces\n' +
        '  - entry 2 (line 4): token must be a non-empty string\n' +
        '  - entry 3 (line 5): token must be a non-empty string\n' +
        '  - entry 4 (line 6): token is 4097 characters long; a token has at most 4096\n' +
        '  - entry 5 (line 7): token contains a control or non-ASCII character; a token is printable ASCII without spaces\n' +
        '  - entry 6 (line 8): token contains whitespace; copy the token again in one piece',
    );
    // eslint-disable-next-line no-control-regex -- asserting on control characters
    expect(error?.message).not.toMatch(/sk_live|aaaa|\u001b/);
  });

  it('when a token is any printable ASCII without spaces, then it is accepted as written (surrounding blanks trimmed)', () => {
    const token = `sk_live-AZaz09._~+/=!#$%&'*^|:;<>?@[]{}\\"\`${'x'.repeat(4000)}`;
    expect(
      parseTokensFile(JSON.stringify([{ name: 'a', token: ` ${token}\n` }]), 't.json'),
    ).toEqual([{ name: 'a', token, requiredScopes: [] }]);
  });

  it('when entries are spread over lines or packed on one, then the line is where the entry starts', () => {
    const text =
      '[{"name":"a","token":"ok_1"},\n\n  {"name":"b",\n "token":"x y"}, {"name":"c","token":"\\u0000"}]';
    expect(() => parseTokensFile(text, 't.json')).toThrow(
      't.json has 2 problem(s):\n' +
        '  - entry 1 (line 3): token contains whitespace; copy the token again in one piece\n' +
        '  - entry 2 (line 4): token contains a control or non-ASCII character; a token is printable ASCII without spaces',
    );
  });

  it('when entries are invalid, then every problem is listed and no token is echoed', () => {
    const text =
      '[{"name":"a","token":"sk_secret_1"},{"name":"a","token":"sk_secret_2"},{"token":5},"x"]';
    let error: Error | undefined;
    try {
      parseTokensFile(text, 't.json');
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeInstanceOf(TokensFileError);
    expect(error?.message).toBe(
      't.json has 4 problem(s):\n' +
        '  - entry 1 (line 1): name "a" is used twice; names must be unique\n' +
        '  - entry 2 (line 1): name Invalid input: expected string, received undefined\n' +
        '  - entry 2 (line 1): token Invalid input: expected string, received number\n' +
        '  - entry 3 (line 1): (entry) Invalid input: expected object, received string',
    );
    expect(error?.message).not.toContain('sk_secret');
  });

  it('when the text is not JSON or not an array, then the message says what is expected without quoting it', () => {
    expect(() => parseTokensFile('{"token":"sk_abc"', 't.json')).toThrow(
      't.json is not valid JSON. Expected [{ "name", "token", "requiredScopes": [] }].',
    );
    expect(() => parseTokensFile('{}', 't.json')).toThrow(
      't.json must contain a JSON array of { "name", "token", "requiredScopes": [] }.',
    );
  });

  it('when the file is missing or present, then loadTokensFile reports or reads it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'th-tokens-'));
    try {
      await expect(loadTokensFile(join(dir, 'nope.json'))).rejects.toThrow(
        `Cannot read --tokens-file ${join(dir, 'nope.json')}: ENOENT.`,
      );
      await writeFile(join(dir, 't.json'), '[{"name":"a","token":"sk_1"}]');
      expect(await loadTokensFile(join(dir, 't.json'))).toEqual([
        { name: 'a', token: 'sk_1', requiredScopes: [] },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
