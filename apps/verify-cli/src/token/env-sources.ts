import { layerEnv, readDotEnv } from '@attio-auth/app-config';

/**
 * Variables come from the process environment first and from `./.env` second (read by
 * `@attio-auth/app-config`'s `readDotEnv`, WITHOUT copying them into `process.env`, so `run()`
 * stays pure). Command-line flags win over both. An empty value counts as unset: a copied
 * `.env.example` is full of `NAME=` lines. What this adds to the library is the answer to "where
 * did the token come from?", for the token label and the hygiene check.
 */
export interface EnvLookup {
  value: string;
  from: 'env' | 'dotenv';
  /** Human description of where the value came from, e.g. `ATTIO_API_KEY in ./.env`. */
  label: string;
}

export interface EnvSources {
  /** Parsed .env, or undefined when the file does not exist. */
  dotenv: Readonly<Record<string, string>> | undefined;
  get(name: string): EnvLookup | undefined;
  /** True when the variable is present but empty in .env (for a precise "no token" message). */
  emptyInDotenv(name: string): boolean;
  /** The merged view (.env under the environment) for config validation. */
  merged(): Record<string, string>;
}

/**
 * Loads ./.env (if any) under `cwd` and returns lookups over it and `env`. Throws the library's
 * `DotEnvError` (a `ConfigError`) when ./.env cannot be read or has a malformed line.
 *
 * @example
 * const sources = await loadEnvSources({ env: { ATTIO_API_KEY: 'sk_…' }, cwd: '/app' });
 * sources.get('ATTIO_API_KEY')?.label; // 'ATTIO_API_KEY in the environment'
 */
export async function loadEnvSources(input: {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}): Promise<EnvSources> {
  const file = await readDotEnv(input.cwd);
  const dotenv = file?.values;
  const merged = layerEnv(file, input.env);
  const nonEmpty = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';
  return {
    dotenv,
    get(name) {
      const value = merged[name];
      if (!nonEmpty(value)) return undefined;
      return nonEmpty(input.env[name])
        ? { value, from: 'env', label: `${name} in the environment` }
        : { value, from: 'dotenv', label: `${name} in ./.env` };
    },
    emptyInDotenv(name) {
      return dotenv !== undefined && dotenv[name] === '';
    },
    merged: () => ({ ...merged }),
  };
}
