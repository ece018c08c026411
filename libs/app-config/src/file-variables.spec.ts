import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

import { ConfigError } from './config-error.js';
import { resolveFileVariables } from './file-variables.js';
import { loadConfig } from './load-config.js';

const SECRET = 'top-secret-value-0123456789abcdef';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'app-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function secretFile(name: string, contents: string): string {
  const path = join(dir, name);
  writeFileSync(path, contents);
  return path;
}

const schema = z.object({
  ADMIN_TOKEN: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  ATTIO_CLIENT_SECRET: z.string({ message: 'is required' }),
});
const options = { fileVariables: ['ADMIN_TOKEN', 'ATTIO_CLIENT_SECRET'] };
const toConfig = (e: z.output<typeof schema>) => ({
  adminToken: e.ADMIN_TOKEN,
  clientSecret: e.ATTIO_CLIENT_SECRET,
});

function problemsOf(env: Record<string, string>) {
  try {
    loadConfig(schema, env, toConfig, options);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('NAME_FILE variables', () => {
  it('when NAME_FILE points at a mounted secret, then its contents without the trailing newline are the value', () => {
    const config = loadConfig(
      schema,
      {
        ADMIN_TOKEN_FILE: secretFile('admin_token', `${SECRET}\n`),
        ATTIO_CLIENT_SECRET_FILE: secretFile('client_secret', 'cs-1\r\n'),
      },
      toConfig,
      options,
    );
    expect(config).toEqual({ adminToken: SECRET, clientSecret: 'cs-1' });
  });

  it('when the file has no trailing newline or inner newlines, then they are kept as written', () => {
    const path = secretFile('multi', 'line-1\nline-2');
    expect(resolveFileVariables({ ADMIN_TOKEN_FILE: path }, ['ADMIN_TOKEN']).env).toEqual({
      ADMIN_TOKEN: 'line-1\nline-2',
    });
  });

  it('when both NAME and NAME_FILE are set, then NAME_FILE is named and the contents never shown', () => {
    const err = problemsOf({
      ADMIN_TOKEN: SECRET,
      ADMIN_TOKEN_FILE: secretFile('admin_token', SECRET),
      ATTIO_CLIENT_SECRET: 'cs',
    });
    expect(err.problems).toEqual([
      {
        variable: 'ADMIN_TOKEN_FILE',
        message: 'cannot be set together with ADMIN_TOKEN; set only one of them',
      },
    ]);
    expect(err.message).not.toContain(SECRET);
  });

  it('when the file does not exist, then NAME_FILE is named with the path and the error code only', () => {
    const missing = join(dir, 'missing');
    expect(problemsOf({ ATTIO_CLIENT_SECRET_FILE: missing }).problems).toEqual([
      {
        variable: 'ATTIO_CLIENT_SECRET_FILE',
        message: `cannot read ${missing} (ENOENT); point it at a readable file that holds ATTIO_CLIENT_SECRET`,
      },
    ]);
  });

  it('when NAME_FILE names a directory, then it is refused as unreadable', () => {
    expect(problemsOf({ ATTIO_CLIENT_SECRET_FILE: dir }).problems).toEqual([
      {
        variable: 'ATTIO_CLIENT_SECRET_FILE',
        message: `cannot read ${dir} (EISDIR); point it at a readable file that holds ATTIO_CLIENT_SECRET`,
      },
    ]);
  });

  it('when the file value breaks a schema rule, then NAME is named and the message points at the file', () => {
    const err = problemsOf({
      ADMIN_TOKEN_FILE: secretFile('admin_token', 'short-secret\n'),
      ATTIO_CLIENT_SECRET: 'cs',
    });
    expect(err.problems).toEqual([
      {
        variable: 'ADMIN_TOKEN',
        message: 'must be at least 32 characters (value read from ADMIN_TOKEN_FILE)',
      },
    ]);
    expect(err.message).not.toContain('short-secret');
  });

  it('when a variable is not listed in fileVariables, then its NAME_FILE is not read', () => {
    const resolved = resolveFileVariables({ ATTIO_CLIENT_SECRET_FILE: secretFile('cs', 'cs-1') }, [
      'ADMIN_TOKEN',
    ]);
    expect(resolved.env).toEqual({
      ATTIO_CLIENT_SECRET_FILE: resolved.env.ATTIO_CLIENT_SECRET_FILE,
    });
    expect(resolved.env.ATTIO_CLIENT_SECRET).toBeUndefined();
  });

  it('when a file problem and a schema problem occur together, then both are reported at once', () => {
    const err = problemsOf({
      ADMIN_TOKEN: 'short',
      ATTIO_CLIENT_SECRET_FILE: join(dir, 'missing'),
    });
    expect(err.problems.map((p) => p.variable)).toEqual([
      'ATTIO_CLIENT_SECRET_FILE',
      'ADMIN_TOKEN',
    ]);
  });
});
