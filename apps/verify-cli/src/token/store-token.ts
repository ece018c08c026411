import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { SetupError } from '../setup-error.js';
import type { SecretMask } from '../output/secret-mask.js';
import type { TokenSource } from './token-source.js';

type StoreModule = typeof import('@attio-auth/connection-store');

/**
 * `--workspace <id>`: the token of a stored OAuth connection, decrypted with the key ring. The
 * connection store (and with it pg / better-sqlite3) is imported only here, lazily, so the other
 * commands never pay for it. Every failure is a configuration error (exit 78) that says what to fix.
 *
 * @example
 * const source = await tokenFromStore({ workspaceId: 'ws_1', config, cwd: process.cwd(), mask });
 */
export async function tokenFromStore(input: {
  workspaceId: string;
  config: Config;
  cwd: string;
  mask: SecretMask;
}): Promise<TokenSource> {
  const { workspaceId, config, cwd, mask } = input;
  const store: StoreModule = await import('@attio-auth/connection-store');
  // The same defaults as the OAuth callback service: the store and the dev key live in DATA_DIR.
  const dataDir = resolve(cwd, config.store.dataDir ?? '.data');
  const databaseUrl = await storeLocation(
    store,
    config.store.databaseUrl ?? `sqlite:${join(dataDir, 'connections.sqlite')}`,
    config.store.databaseUrl === undefined,
    cwd,
  );
  const keyRing = await loadKeyRing(store, config, dataDir, mask);
  let connections: Awaited<ReturnType<StoreModule['openConnectionStore']>>;
  try {
    connections = await store.openConnectionStore({ databaseUrl, keyRing });
  } catch (error) {
    throw new SetupError(
      `could not open the connection store at ${describeStore(databaseUrl)}: ${(error as Error).message}`,
    );
  }
  try {
    let token: string | undefined;
    try {
      token = await connections.getToken(workspaceId);
    } catch (error) {
      throw new SetupError(
        `could not decrypt the token of workspace ${workspaceId}: ${(error as Error).message} Is TOKEN_ENCRYPTION_KEYS the key ring the service used?`,
      );
    }
    if (token === undefined) {
      throw new SetupError(
        `no stored connection for workspace ${workspaceId} in ${describeStore(databaseUrl)}. Install the app in that workspace first, or check the id and DATABASE_URL.`,
      );
    }
    return {
      kind: 'store',
      label: `stored connection of workspace ${workspaceId}`,
      token,
      workspaceId,
    };
  } finally {
    await connections.close();
  }
}

/**
 * TOKEN_ENCRYPTION_KEYS, or, on a dev checkout where `npm start` generated one, the dev key file
 * in DATA_DIR (only when it exists: verifying never creates a key).
 */
async function loadKeyRing(store: StoreModule, config: Config, dataDir: string, mask: SecretMask) {
  if (config.store.tokenEncryptionKeys !== undefined) {
    try {
      return store.parseKeyRing(config.store.tokenEncryptionKeys);
    } catch (error) {
      throw new SetupError(`TOKEN_ENCRYPTION_KEYS is invalid: ${(error as Error).message}`);
    }
  }
  if (config.store.databaseUrl === undefined && (await exists(join(dataDir, store.DEV_KEY_FILE)))) {
    const dev = store.loadOrCreateDevKeyRing(dataDir);
    mask.add(dev.value);
    return dev.keyRing;
  }
  throw new SetupError(
    '--workspace needs TOKEN_ENCRYPTION_KEYS (the key ring the OAuth callback service encrypts tokens with); set it in the environment or ./.env.',
  );
}

/**
 * The database URL to open. For SQLite the file must already exist: verifying must not create an
 * empty store (opening one runs migrations) and then report "no connection".
 */
async function storeLocation(
  store: StoreModule,
  databaseUrl: string,
  isDefault: boolean,
  cwd: string,
): Promise<string> {
  let target: ReturnType<StoreModule['parseDatabaseUrl']>;
  try {
    target = store.parseDatabaseUrl(databaseUrl);
  } catch (error) {
    throw new SetupError(`DATABASE_URL is invalid: ${(error as Error).message}`);
  }
  if (target.driver === 'postgres') return target.connectionString;
  const path = resolve(cwd, target.path);
  if (!(await exists(path))) {
    const how = isDefault ? 'DATABASE_URL is unset and the default' : 'DATABASE_URL points at a';
    throw new SetupError(
      `${how} SQLite store ${path} does not exist. Set DATABASE_URL to the store the OAuth callback service uses.`,
    );
  }
  return `sqlite:${path}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * A database URL without its password, for messages.
 *
 * @example
 * describeStore('postgres://app:secret@db/app'); // 'postgres://app:***@db/app'
 */
export function describeStore(databaseUrl: string): string {
  if (!/^postgres(ql)?:\/\//i.test(databaseUrl) || !URL.canParse(databaseUrl)) return databaseUrl;
  const url = new URL(databaseUrl);
  if (url.password !== '') url.password = '***';
  return url.toString();
}
