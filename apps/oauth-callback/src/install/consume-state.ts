import type { ConnectionStore } from '@attio-auth/connection-store';
import { verifyStateBinding } from '@attio-auth/attio-oauth';

import { serviceFailure, type InstallFailure } from '../failures/install-failure.js';
import { ServiceFailureCode } from '../failures/service-failure-codes.js';
import { cookieExpiry } from '@attio-auth/attio-oauth';

/**
 * A consumed state leaves a marker under this prefix, so a replayed callback is told "already
 * used" rather than "unknown". The marker is itself stored hashed (the store hashes every state).
 */
const USED_PREFIX = 'used:';

/** Result of {@link consumeState}. */
export interface ConsumedState {
  /** The failure to show, or undefined when the state is good. */
  failure: InstallFailure | undefined;
  /** Resolves (never rejects) once the "already used" marker is stored; await it before answering. */
  markerWritten: Promise<void>;
}

/** Inputs of {@link consumeState}. */
export interface ConsumeStateInput {
  store: ConnectionStore;
  state: string;
  cookie: string | undefined;
  now: Date;
  /** How long the "already used" marker lives. */
  markerTtlMs: number;
  onMarkerError?: (err: unknown) => void;
}

/**
 * Checks the callback's `state` (RFC 6749 §10.12): consumes it atomically (single use), then checks
 * its expiry and that the browser holds the binding cookie. Returns the failure to show (undefined
 * when the state is good). The state is consumed whatever the outcome, so a stolen state is burned
 * by the first attempt.
 *
 * @example
 * ```ts
 * const { failure, markerWritten } = await consumeState({ store, state, cookie, now: new Date(), markerTtlMs: 600_000 });
 * await markerWritten;
 * if (failure) return sendFailure(req, res, failure);
 * ```
 */
export async function consumeState(input: ConsumeStateInput): Promise<ConsumedState> {
  const { store, state, cookie, now } = input;
  const consumed = await store.states.consume(state);
  if (consumed === undefined)
    return { failure: await whyUnknown(input), markerWritten: Promise.resolve() };

  // Written while the caller exchanges the code; the caller awaits it before answering, so a replay
  // that follows the answer always finds it.
  const markerWritten = leaveMarker(input);
  if (consumed.expiresAt.getTime() <= now.getTime()) {
    return { failure: serviceFailure(ServiceFailureCode.STATE_EXPIRED), markerWritten };
  }
  if (!verifyStateBinding(cookie, consumed.bindingHash)) {
    return { failure: serviceFailure(ServiceFailureCode.STATE_COOKIE_MISMATCH), markerWritten };
  }
  return { failure: undefined, markerWritten };
}

async function whyUnknown(input: ConsumeStateInput): Promise<InstallFailure> {
  const marker = await input.store.states.consume(USED_PREFIX + input.state);
  if (marker !== undefined) {
    // Put the marker back so a third attempt is also told "already used".
    await leaveMarker(input, marker.expiresAt);
    return serviceFailure(ServiceFailureCode.STATE_REUSED);
  }
  const expiry = cookieExpiry(input.cookie);
  if (expiry !== undefined && expiry.getTime() <= input.now.getTime()) {
    return serviceFailure(ServiceFailureCode.STATE_EXPIRED);
  }
  return serviceFailure(ServiceFailureCode.STATE_UNKNOWN);
}

async function leaveMarker(input: ConsumeStateInput, expiresAt?: Date): Promise<void> {
  try {
    await input.store.states.create({
      state: USED_PREFIX + input.state,
      bindingHash: 'used',
      expiresAt: expiresAt ?? new Date(input.now.getTime() + input.markerTtlMs),
    });
  } catch (err) {
    // The marker only improves the message on a replay; the replay is refused either way.
    input.onMarkerError?.(err);
  }
}
