/*
 * What an install link carries through the consent flow (owner, reconnect workspace, returnTo).
 *
 * The link's own session is consumed when the browser opens it (single use), and its fields are
 * stored again as a second install session whose id is derived from the install's `state`. The
 * callback, once the state itself checked out, consumes that derived session. So the store keeps
 * one row per link and one per install in flight, both hashed and single use, with no new column
 * or migration; an anonymous install simply has no derived session.
 *
 * An anonymous install's state says so (it ends in {@link NO_CONTEXT_SUFFIX}), so its callback skips
 * the session lookup: two statements fewer per install (on PostgreSQL 9 → 7 for a first install,
 * 11 → 9 for a re-install). `npm run bench -- install` on PostgreSQL: service / hand-written went
 * from 0.41–0.48 to 0.59 (CPU ratio 0.55–0.58 → 0.59) on a shared, loaded machine.
 * The mark cannot be forged: the store has already claimed the state by its hash, so a state with the
 * mark added or removed is one the store never issued (`STATE_UNKNOWN`). A state without the mark
 * (a link install, or one started before this) is looked up as before.
 */
import { createHash } from 'node:crypto';

import { createState } from '@attio-auth/attio-oauth';
import type { InstallSession, InstallSessions } from '@attio-auth/connection-store';

/** The fields of an install link that the callback needs. */
export type InstallContext = Pick<InstallSession, 'kind' | 'workspaceId' | 'owner' | 'returnTo'>;

/** Ends the state of an install started without a context ('.' never occurs in `createState()`). */
export const NO_CONTEXT_SUFFIX = '.a';

/**
 * A fresh `state` for an install: marked as anonymous when there is no `context`.
 *
 * @example
 * ```ts
 * const state = stateFor(undefined); // '…random….a'
 * ```
 */
export function stateFor(context: InstallContext | undefined): string {
  return context === undefined ? `${createState()}${NO_CONTEXT_SUFFIX}` : createState();
}

/** Domain-separated from the state's other hashes (the cookie name, the stored state hash). */
function contextId(state: string): string {
  return createHash('sha256').update(`install-context\0${state}`, 'utf8').digest('base64url');
}

/**
 * Stores `context` for the install identified by `state`, until `expiresAt`.
 *
 * @example
 * ```ts
 * await bindInstallContext(store, state, session, stateExpiry);
 * ```
 */
export async function bindInstallContext(
  store: Pick<InstallSessions, 'createInstallSession'>,
  state: string,
  context: InstallContext,
  expiresAt: Date,
): Promise<void> {
  await store.createInstallSession({
    id: contextId(state),
    kind: context.kind,
    workspaceId: context.workspaceId,
    owner: context.owner,
    returnTo: context.returnTo,
    expiresAt,
  });
}

/**
 * Takes the context of the install identified by `state` (single use): `none` for an anonymous
 * install (without asking the store when the state is marked so), `lost` when one was stored but is no longer usable (the install must not go on as if it
 * were anonymous: a reconnect would skip its workspace check).
 *
 * @example
 * ```ts
 * const taken = await takeInstallContext(store, state);
 * if (taken.outcome === 'ok') owner = taken.context.owner;
 * ```
 */
export async function takeInstallContext(
  store: Pick<InstallSessions, 'consumeInstallSession'>,
  state: string,
): Promise<{ outcome: 'ok'; context: InstallContext } | { outcome: 'none' | 'lost' }> {
  // Only called once the store has claimed `state`, so the mark is one this service wrote.
  if (state.endsWith(NO_CONTEXT_SUFFIX)) return { outcome: 'none' };
  const consumed = await store.consumeInstallSession(contextId(state));
  if (consumed.outcome === 'ok') return { outcome: 'ok', context: consumed.session };
  return { outcome: consumed.outcome === 'unknown' ? 'none' : 'lost' };
}
