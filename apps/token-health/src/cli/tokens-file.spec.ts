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
        '  - entry 1: name "a" is used twice; names must be unique\n' +
        '  - entry 2: name Invalid input: expected string, received undefined\n' +
        '  - entry 2: token Invalid input: expected string, received number\n' +
        '  - entry 3: (entry) Invalid input: expected object, received string',
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
