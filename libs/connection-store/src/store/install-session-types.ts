import type { OwnerInput } from './types.js';

/**
 * `install` (a link that installs the app into whichever workspace the user picks) or `reconnect`
 * (a link for one stored workspace, to give it a fresh token).
 *
 * @example
 * ```ts
 * const kind: InstallSessionKind = 'reconnect';
 * ```
 */
export type InstallSessionKind = 'install' | 'reconnect';

/**
 * Input of {@link InstallSessions.createInstallSession}. `id` is the secret in the link: at least 16
 * characters of randomness (only its SHA-256 is stored). `workspaceId` is required for `reconnect`
 * (a stored workspace, else `STORE_CONNECTION_NOT_FOUND`) and refused for `install`. `owner` is checked like `saveConnection`'s (`STORE_OWNER_INVALID`).
 *
 * @example
 * ```ts
 * await sessions.createInstallSession({
 *   id: randomBytes(32).toString('base64url'),
 *   kind: 'install',
 *   owner: { displayName: 'Growth team', tags: { team: 'growth' } },
 *   expiresAt: new Date(Date.now() + 7 * 24 * 3_600_000),
 * });
 * ```
 */
export interface CreateInstallSessionInput {
  id: string;
  kind: InstallSessionKind;
  workspaceId?: string | null;
  owner?: OwnerInput;
  returnTo?: string | null;
  expiresAt: Date;
}

/**
 * A stored install session as `consumeInstallSession` hands it back. `owner` has the fields it was
 * created with (pass it to `saveConnection` as is: fields left out keep a reconnected workspace's owner).
 *
 * @example
 * ```ts
 * const consumed = await sessions.consumeInstallSession(id);
 * if (consumed.outcome === 'ok') await store.saveConnection({ ...identity, token, owner: consumed.session.owner });
 * ```
 */
export interface InstallSession {
  kind: InstallSessionKind;
  /**
   * The workspace a `reconnect` is for (null for `install`). The callback must check that the OAuth
   * identity names this workspace before saving: the user may pick another one at Attio.
   */
  workspaceId: string | null;
  owner: OwnerInput;
  returnTo: string | null;
  expiresAt: Date;
  createdAt: Date;
}

/**
 * The answer of {@link InstallSessions.consumeInstallSession}, shaped like `ConsumedState`: `ok` (first
 * use, not expired), `used`, `expired` (first use past its expiry: burned now) or `unknown`.
 *
 * @example
 * ```ts
 * if (consumed.outcome !== 'ok') return refuse(consumed.outcome);
 * ```
 */
export type ConsumedInstallSession =
  | { outcome: 'ok'; session: InstallSession }
  | { outcome: 'used' | 'expired' | 'unknown' };

/**
 * Install and reconnect links: what the link's id stands for (kind, workspace, owner, where to
 * return), single use. Only a hash of each id is stored.
 */
export interface InstallSessions {
  /** Stores a session; throws `STORE_INSTALL_SESSION_EXISTS` if the id is already stored. */
  createInstallSession(input: CreateInstallSessionInput): Promise<void>;
  /** Atomic single use: of two concurrent consumes of one id, exactly one gets `ok`. */
  consumeInstallSession(id: string): Promise<ConsumedInstallSession>;
  /** Deletes sessions (used or not) whose expiry is at or before `now()`; returns how many. */
  purgeExpiredInstallSessions(): Promise<number>;
}
