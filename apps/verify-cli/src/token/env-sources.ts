import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * Variables come from the process environment first and from `./.env` second, read with Node's
 * own parser (`util.parseEnv`, the one behind `--env-file`; no dotenv) and WITHOUT copying them
 * into `process.env`, so `run()` stays pure. An empty value counts as unset: a copied
 * `.env.example` is full of `NAME=` lines.
 */
export interface EnvLookup {
  value: string;
  from: 'env' | 'dotenv';
  /** Human description of where the value came from, e.g. `ATTIO_API_KEY in ./.env`. */
  label: string;
}

export interface EnvSources {
  /** Absolute path of the .env file that was looked for. */
  dotenvPath: string;
  /** Parsed .env, or undefined when the file does not exist. */
  dotenv: Readonly<Record<string, string | undefined>> | undefined;
  get(name: string): EnvLookup | undefined;
  /** True when the variable is present but empty in .env (for a precise "no token" message). */
  emptyInDotenv(name: string): boolean;
  /** The merged view (.env under the environment) for config validation. */
  merged(): Record<string, string | undefined>;
}

/**
 * Loads ./.env (if any) under `cwd` and returns lookups over it and `env`.
 *
 * @example
 * const sources = await loadEnvSources({ env: { ATTIO_API_KEY: 'sk_…' }, cwd: '/app' });
 * sources.get('ATTIO_API_KEY')?.label; // 'ATTIO_API_KEY in the environment'
 */
export async function loadEnvSources(input: {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}): Promise<EnvSources> {
  const dotenvPath = join(input.cwd, '.env');
  let dotenv: Record<string, string | undefined> | undefined;
  try {
    dotenv = parseEnv(await readFile(dotenvPath, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new EnvFileError(`could not read ./.env: ${(error as Error).message}`);
    }
  }
  const nonEmpty = (v: string | undefined): v is string => v !== undefined && v !== '';
  return {
    dotenvPath,
    dotenv,
    get(name) {
      const fromEnv = input.env[name];
      if (nonEmpty(fromEnv))
        return { value: fromEnv, from: 'env', label: `${name} in the environment` };
      const fromFile = dotenv?.[name];
      if (nonEmpty(fromFile))
        return { value: fromFile, from: 'dotenv', label: `${name} in ./.env` };
      return undefined;
    },
    emptyInDotenv(name) {
      return dotenv !== undefined && dotenv[name] === '';
    },
    merged() {
      const result: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(dotenv ?? {})) if (nonEmpty(v)) result[k] = v;
      for (const [k, v] of Object.entries(input.env)) if (nonEmpty(v)) result[k] = v;
      return result;
    },
  };
}

/** ./.env exists but cannot be read (permissions, a directory): a configuration error. */
export class EnvFileError extends Error {
  override readonly name = 'EnvFileError';
}
