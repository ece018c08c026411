import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

import { ConfigError } from './config-error.js';
import { layerEnv, readDotEnv } from './dot-env.js';
import { DotEnvError } from './dot-env-error.js';
import { loadConfig } from './load-config.js';

async function errorOf(promise: Promise<unknown>): Promise<DotEnvError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DotEnvError) return err;
    throw err;
  }
  throw new Error('expected a DotEnvError');
}

describe('readDotEnv', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'app-config-dotenv-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when ./.env exists, then its variables come back with the absolute path, as util.parseEnv reads them', async () => {
    writeFileSync(
      join(dir, '.env'),
      '\uFEFF# a comment\n\nPORT=8080\nexport HOST = 0.0.0.0 # inline comment\r\n' +
        'SECRET="p#ss word"\nSINGLE=\'a\\nb\'\nMULTI="line 1\nline 2" # two lines\nEMPTY=\n' +
        'URL=postgres://u:p@h:5432/db?x=1\n  INDENTED=yes\n',
    );
    expect(await readDotEnv(dir)).toEqual({
      path: join(dir, '.env'),
      values: {
        PORT: '8080',
        HOST: '0.0.0.0',
        SECRET: 'p#ss word',
        SINGLE: 'a\\nb',
        MULTI: 'line 1\nline 2',
        EMPTY: '',
        URL: 'postgres://u:p@h:5432/db?x=1',
        INDENTED: 'yes',
      },
    });
  });

  it('when there is no ./.env, then it returns undefined', async () => {
    expect(await readDotEnv(dir)).toBeUndefined();
  });

  it('when ./.env cannot be read, then a DotEnvError (a ConfigError) names the file and the error code', async () => {
    mkdirSync(join(dir, '.env'));
    const error = await errorOf(readDotEnv(dir));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.path).toBe(join(dir, '.env'));
    expect(error.problems).toEqual([
      {
        variable: join(dir, '.env'),
        message:
          'cannot be read (EISDIR); make it readable by this user, or remove it and set the variables in the environment',
      },
    ]);
  });

  it('when reading is denied, then the message says EACCES', async () => {
    const path = join(dir, '.env');
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    // Injected: tests may run as root, who reads any file whatever its mode.
    const error = await errorOf(readDotEnv(dir, { readFile: () => Promise.reject(denied) }));
    expect(error.message).toBe(
      `${path}: cannot be read (EACCES); make it readable by this user, or remove it and set the variables in the environment`,
    );
  });

  it('when lines are not NAME=value, then every bad line is named with its number and no value', async () => {
    writeFileSync(
      join(dir, '.env'),
      [
        'OK=1',
        'JUST_A_WORD_sk_secret_1',
        '\tTABBED=x',
        'PASSWORD=abc#sk_secret_2',
        'TRAILER="sk_secret_3" more',
        'OPEN="sk_secret_4',
        'LATER=1',
      ].join('\n'),
    );
    const error = await errorOf(readDotEnv(dir));
    const path = join(dir, '.env');
    expect(error.message).toBe(
      [
        `${path}: line 2: expected NAME=value (a name is letters, digits and _, not starting with a digit; spaces, not tabs, around it); fix the line or comment it out with #`,
        `${path}: line 3: expected NAME=value (a name is letters, digits and _, not starting with a digit; spaces, not tabs, around it); fix the line or comment it out with #`,
        `${path}: line 4: PASSWORD has a # that would end its value (an unquoted # starts a comment); quote the value, e.g. PASSWORD="…#…", or put a space before the # of a comment`,
        `${path}: line 5: TRAILER has text after its closing " quote (a quote inside the value ends it); put the whole value in a different kind of quotes or leave the text out`,
        `${path}: line 6: OPEN opens a " quote that is never closed; close it at the end of the value`,
      ].join('\n'),
    );
    expect(error.message).not.toMatch(/sk_secret/);
  });
});

describe('layerEnv', () => {
  const dotenv = (values: Record<string, string>) => ({ path: '/app/.env', values });

  it('when both set a variable, then the environment wins; .env fills the rest', () => {
    expect(
      layerEnv(dotenv({ PORT: '8080', HOST: '0.0.0.0' }), { PORT: '9090', PATH: '/bin' }),
    ).toEqual({ PORT: '9090', HOST: '0.0.0.0', PATH: '/bin' });
  });

  it('when a value is blank on either side, then it counts as unset', () => {
    expect(layerEnv(dotenv({ A: 'file', B: '', C: 'file' }), { A: '', C: ' ', D: '' })).toEqual({
      A: 'file',
      C: 'file',
    });
  });

  it('when there is no .env, then it is the environment without blanks', () => {
    expect(layerEnv(undefined, { A: '1', B: '' })).toEqual({ A: '1' });
  });

  it('when the environment gives NAME or NAME_FILE, then .env gives neither', () => {
    expect(
      layerEnv(dotenv({ SECRET_FILE: '/run/secrets/s', TOKEN: 't', TOKEN_FILE: '/t', KEEP: 'k' }), {
        SECRET: 'from-env',
        TOKEN_FILE: '/run/secrets/token',
      }),
    ).toEqual({ SECRET: 'from-env', TOKEN_FILE: '/run/secrets/token', KEEP: 'k' });
  });

  it('when .env names a NAME_FILE, then loadConfig reads the secret from that file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'app-config-dotenv-'));
    try {
      writeFileSync(join(dir, 'secret.txt'), 'from-the-file\n');
      writeFileSync(join(dir, '.env'), `SECRET_FILE=${join(dir, 'secret.txt')}\nPORT=8080\n`);
      const schema = z.object({ SECRET: z.string(), PORT: z.coerce.number() });
      const config = loadConfig(schema, layerEnv(await readDotEnv(dir), {}), (e) => e, {
        fileVariables: ['SECRET'],
      });
      expect(config).toEqual({ SECRET: 'from-the-file', PORT: 8080 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
