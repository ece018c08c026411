import type { VerifyOptions } from '../cli/args.js';
import { readAllText, type CliIo } from '../io.js';
import { SetupError } from '../setup-error.js';
import type { EnvSources } from './env-sources.js';

/**
 * Where the token came from. The label is shown to the user ("ATTIO_API_KEY in ./.env"); the
 * token itself never is.
 */
export type TokenSourceKind = 'flag' | 'stdin' | 'env' | 'dotenv' | 'store';

export interface TokenSource {
  kind: TokenSourceKind;
  label: string;
  token: string;
  /** Set for --workspace: the workspace the stored connection belongs to. */
  workspaceId?: string;
}

/**
 * Picks the token in the documented order: --token, --token-stdin, ATTIO_API_KEY in the
 * environment, ATTIO_API_KEY in ./.env, then the file ATTIO_API_KEY_FILE names (`fileToken`, read
 * by `loadConfig`). (--workspace is resolved by `tokenFromStore`.)
 * Throws SetupError when no source provides one, saying where it looked.
 *
 * @example
 * const source = await resolveToken(options, io, envSources, config.attio.apiKey);
 * source.label; // 'ATTIO_API_KEY in ./.env'
 */
export async function resolveToken(
  options: Pick<VerifyOptions, 'token' | 'tokenStdin'>,
  io: Pick<CliIo, 'stdin'>,
  env: EnvSources,
  fileToken?: string,
): Promise<TokenSource> {
  if (options.token !== undefined) {
    return { kind: 'flag', label: '--token', token: options.token };
  }
  if (options.tokenStdin) {
    return { kind: 'stdin', label: 'standard input', token: await readAllText(io.stdin) };
  }
  const found = env.get('ATTIO_API_KEY');
  if (found) {
    return {
      kind: found.from === 'env' ? 'env' : 'dotenv',
      label: found.label,
      token: found.value,
    };
  }
  const file = env.get('ATTIO_API_KEY_FILE');
  if (file && fileToken !== undefined) {
    return { kind: file.from === 'env' ? 'env' : 'dotenv', label: file.label, token: fileToken };
  }
  const where = env.emptyInDotenv('ATTIO_API_KEY')
    ? 'ATTIO_API_KEY in ./.env is empty and not set in the environment'
    : env.dotenv
      ? 'ATTIO_API_KEY is set neither in the environment nor in ./.env'
      : 'ATTIO_API_KEY is not set and there is no ./.env';
  throw new SetupError(
    `no token to verify: ${where}. Pass --token-stdin, set ATTIO_API_KEY, or use --workspace <id> for a stored connection.`,
  );
}
