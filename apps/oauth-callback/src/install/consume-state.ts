import { cookieExpiry, verifyStateBinding } from '@attio-auth/attio-oauth';
import type { InstallStateStore } from '@attio-auth/connection-store';

import { serviceFailure, type InstallFailure } from '../failures/install-failure.js';
import { ServiceFailureCode } from '../failures/service-failure-codes.js';

/** Inputs of {@link consumeState}. */
export interface ConsumeStateInput {
  store: InstallStateStore;
  state: string;
  /** The value of this state's install cookie, if the browser sent one. */
  cookie: string | undefined;
  now: Date;
}

/**
 * Checks the callback's `state` (RFC 6749 §10.12): consumes it atomically (single use; the store
 * marks it used, so a replay is told "already used" until the state is purged), then checks that the
 * browser holds the binding cookie. Returns the failure to show, or undefined when the state is good.
 * The state is burned by the first attempt whatever its outcome, so a stolen state is useless after.
 *
 * @example
 * ```ts
 * const failure = await consumeState({ store, state, cookie, now: new Date() });
 * if (failure) return sendFailure(req, res, failure);
 * ```
 */
export async function consumeState(input: ConsumeStateInput): Promise<InstallFailure | undefined> {
  const consumed = await input.store.consumeState(input.state);
  switch (consumed.outcome) {
    case 'ok':
      return verifyStateBinding(input.cookie, consumed.bindingHash)
        ? undefined
        : serviceFailure(ServiceFailureCode.STATE_COOKIE_MISMATCH);
    case 'expired':
      return serviceFailure(ServiceFailureCode.STATE_EXPIRED);
    case 'used':
      return serviceFailure(ServiceFailureCode.STATE_REUSED);
    case 'unknown': {
      // Purged after its expiry, or never issued: the browser's cookie still tells "expired" apart,
      // but only a cookie made for this very state (its tag is keyed by the state) is believed.
      // While the store knows the state, its own expiry and binding hash decide (cases above).
      const expiry = cookieExpiry(input.cookie, input.state);
      return expiry !== undefined && expiry.getTime() <= input.now.getTime()
        ? serviceFailure(ServiceFailureCode.STATE_EXPIRED)
        : serviceFailure(ServiceFailureCode.STATE_UNKNOWN);
    }
  }
}
