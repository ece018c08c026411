import { ConfigError, layerEnv, readDotEnv } from '@attio-auth/app-config';
import { describeConfigError, loadConfig, type Config } from './config.js';
import type { CliIo } from './io.js';
import { SetupError } from './setup-error.js';

/**
 * The configuration of a run: `./.env` of `io.cwd` under `io.env` (flags are applied by each
 * command). A bad value or a bad `./.env` line is a {@link SetupError} (exit 78) naming the
 * variable or the file and line, never a value. Imported lazily by `run` (zod is not loaded for
 * `--help`).
 *
 * @example
 * const config = await loadRunConfig(io);
 */
export async function loadRunConfig(io: Pick<CliIo, 'cwd' | 'env'>): Promise<Config> {
  try {
    return loadConfig(layerEnv(await readDotEnv(io.cwd), io.env));
  } catch (error) {
    if (error instanceof ConfigError) throw new SetupError(describeConfigError(error));
    throw error;
  }
}
