import { readFile as readFileFromDisk } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

import { DotEnvError } from './dot-env-error.js';
import { dotEnvSyntaxProblems } from './dot-env-syntax.js';
import { fileVariableOf, withoutBlanks } from './file-variables.js';
import type { Env } from './load-config.js';

/**
 * A `.env` file that was found and parsed.
 *
 * @example
 * ```ts
 * const dotenv: DotEnv = { path: '/app/.env', values: { PORT: '8080' } };
 * ```
 */
export interface DotEnv {
  /** Absolute path of the file. */
  readonly path: string;
  /** The variables it sets, as written (blank values included). */
  readonly values: Readonly<Record<string, string>>;
}

/**
 * Options of {@link readDotEnv}.
 *
 * @example
 * ```ts
 * const options: ReadDotEnvOptions = { readFile: async () => 'PORT=8080\n' };
 * ```
 */
export interface ReadDotEnvOptions {
  /** Reads a file as UTF-8; defaults to `fs.promises.readFile`. */
  readonly readFile?: (path: string) => Promise<string>;
}

/**
 * Reads `.env` in `cwd` with Node's own parser (`util.parseEnv`, the one behind `node --env-file`)
 * and returns its variables WITHOUT copying them into `process.env`; {@link layerEnv} puts them
 * under the environment. A missing file gives `undefined`. A file that cannot be read, or with a
 * line `util.parseEnv` would silently misread (no `=`, an unclosed quote, an unquoted `#` inside a
 * value), throws a {@link DotEnvError} naming the file and each bad line, never a value.
 *
 * @example
 * ```ts
 * const dotenv = await readDotEnv(process.cwd()); // { path: '/app/.env', values: { … } } or undefined
 * const config = loadConfig(schema, layerEnv(dotenv, process.env), toConfig);
 * ```
 */
export async function readDotEnv(
  cwd: string,
  options: ReadDotEnvOptions = {},
): Promise<DotEnv | undefined> {
  const path = resolve(cwd, '.env');
  const read = options.readFile ?? ((p: string) => readFileFromDisk(p, 'utf8'));
  let text: string;
  try {
    text = await read(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    if (code === 'ENOENT') return undefined;
    throw new DotEnvError(path, [
      `cannot be read (${code}); make it readable by this user, or remove it and set the variables in the environment`,
    ]);
  }
  text = text.replace(/^\uFEFF/, ''); // parseEnv would make a byte-order mark part of the first name
  const problems = dotEnvSyntaxProblems(text);
  if (problems.length > 0) {
    throw new DotEnvError(
      path,
      problems.map((p) => `line ${p.line}: ${p.message}`),
    );
  }
  return { path, values: Object.freeze(parseEnv(text) as Record<string, string>) };
}

/**
 * The variables an app configures itself from: the environment over `.env`. A blank value counts
 * as unset (as in `loadConfig`), so `NAME=` in the environment does not hide `.env`'s `NAME`.
 * `NAME` and `NAME_FILE` are one setting: when the environment gives either, `.env`'s `NAME` and
 * `NAME_FILE` are both ignored (instead of being reported as set together). Command-line flags,
 * applied by the app after `loadConfig`, win over both.
 *
 * @example
 * ```ts
 * layerEnv({ path: '/app/.env', values: { PORT: '8080', HOST: '0.0.0.0' } }, { PORT: '9090' });
 * // { PORT: '9090', HOST: '0.0.0.0' }
 * ```
 */
export function layerEnv(dotenv: DotEnv | undefined, env: Env): Record<string, string> {
  const fromEnv = withoutBlanks(env);
  const fromFile = withoutBlanks(dotenv?.values ?? {});
  for (const name of Object.keys(fromEnv)) {
    delete fromFile[name];
    delete fromFile[fileVariableOf(name)];
    if (name.endsWith('_FILE')) delete fromFile[name.slice(0, -'_FILE'.length)];
  }
  return { ...fromFile, ...fromEnv };
}
