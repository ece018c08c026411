import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as lib from '@attio-auth/connection-store';
import type { ConnectionStore } from '@attio-auth/connection-store';
import type { Config } from '../config.js';
import { SetupError } from '../setup-error.js';

type StoreModule = typeof lib;

/**
 * Opens the connection store the way the OAuth callback service does: DATABASE_URL (default
 * `sqlite:${DATA_DIR}/connections.sqlite`) and TOKEN_ENCRYPTION_KEYS (on a dev checkout, the dev
 * key `npm start` generated in DATA_DIR). The store's drivers (pg / better-sqlite3) load only when
 * it opens, and `run` imports each command lazily, so `--help` and `--version` load none of it. Every failure is a {@link SetupError}.
 *
 * @example
 * const store = await openStore(config, io.cwd);
 */
export async function openStore(config: Config, cwd: string): Promise<ConnectionStore> {
  const dataDir = resolve(cwd, config.store.dataDir ?? '.data');
  const databaseUrl = await storeLocation(
    lib,
    config.store.databaseUrl ?? `sqlite:${join(dataDir, 'connections.sqlite')}`,
    config.store.databaseUrl === undefined,
    cwd,
  );
  const keyRing = await loadKeyRing(lib, config, dataDir);
  try {
    return await lib.openConnectionStore({ databaseUrl, keyRing });
  } catch (error) {
    throw new SetupError(
      `could not open the connection store at ${describeStore(databaseUrl)}: ${describeStore((error as Error).message)}`,
    );
  }
}

async function loadKeyRing(lib: StoreModule, config: Config, dataDir: string) {
  if (config.store.tokenEncryptionKeys !== undefined) {
    try {
      return lib.parseKeyRing(config.store.tokenEncryptionKeys);
    } catch (error) {
      // parseKeyRing's message explains the kid:base64 form without echoing key material.
      throw new SetupError(`TOKEN_ENCRYPTION_KEYS is invalid: ${(error as Error).message}`);
    }
  }
  if (config.store.databaseUrl === undefined && (await exists(join(dataDir, lib.DEV_KEY_FILE)))) {
    return lib.loadOrCreateDevKeyRing(dataDir).keyRing;
  }
  throw new SetupError(
    'TOKEN_ENCRYPTION_KEYS is not set: it is the key ring the OAuth callback service encrypts tokens with; set it in the environment or ./.env.',
  );
}

/** For SQLite the file must exist: an ops command must not create an empty store by accident. */
async function storeLocation(
  lib: StoreModule,
  databaseUrl: string,
  isDefault: boolean,
  cwd: string,
): Promise<string> {
  let target: ReturnType<StoreModule['parseDatabaseUrl']>;
  try {
    target = lib.parseDatabaseUrl(databaseUrl);
  } catch (error) {
    throw new SetupError(`DATABASE_URL is invalid: ${describeStore((error as Error).message)}`);
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
 * Masks the password of any `scheme://user:password@` in a text before it reaches a message.
 *
 * @example
 * describeStore('postgres://app:secret@db/app'); // 'postgres://app:***@db/app'
 */
export function describeStore(text: string): string {
  return text.replace(/(\w+:\/\/[^:/@\s]*):[^@\s]*@/g, '$1:***@');
}
