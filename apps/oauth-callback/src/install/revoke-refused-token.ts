import { revokeToken } from '@attio-auth/attio-oauth';
import type { Logger } from '@attio-auth/attio-core';
import type { RevocationQueue } from '@attio-auth/connection-store';

import { errorSummary } from '../http/error-summary.js';
import type { Metrics } from '../metrics.js';

/** Inputs of {@link revokeRefusedToken}. */
export interface RevokeRefusedTokenInput {
  /** The token Attio issued for the install that is being refused. Never logged. */
  readonly token: string;
  readonly workspaceId: string;
  /** The failure code the install ends with (logged, so the operator sees why it was refused). */
  readonly refusal: string;
  readonly revokeUrl: string;
  readonly queue: Pick<RevocationQueue, 'enqueueRevocation'>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly requestId: string;
  /** Overall bound on the revoke attempt, in ms (the person installing is waiting for the page). */
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

/**
 * An install refused after the code exchange (missing scopes, another workspace on a reconnect)
 * holds a live token nobody will store: it is revoked at Attio right away, within `timeoutMs`. When
 * that fails, it is put in the revocation queue (reason `install_refused`) for the background pass.
 * Never throws: the refusal page is shown whatever happens here. The outcome is logged (never the
 * token) and counted in `oauth_callback_refused_token_revocations_total{outcome}`: `revoked`,
 * `already_gone`, `queued`, or `lost` when even the queue did not take it.
 *
 * @example
 * ```ts
 * await revokeRefusedToken({ token, workspaceId, refusal: 'INSTALL_SCOPES_MISSING', ...deps });
 * ```
 */
export async function revokeRefusedToken(input: RevokeRefusedTokenInput): Promise<void> {
  const { logger, metrics, workspaceId, refusal, requestId } = input;
  const outcome = (value: 'revoked' | 'already_gone' | 'queued' | 'lost') =>
    metrics.refusedTokenRevocations.inc({ outcome: value });
  try {
    const result = await revokeToken({
      token: input.token,
      revokeUrl: input.revokeUrl,
      timeoutMs: input.timeoutMs,
      signal: AbortSignal.timeout(input.timeoutMs),
      // One quick retry at most: a longer Retry-After is left to the background pass.
      retries: 1,
      maxWaitMs: Math.min(2_000, input.timeoutMs),
      ...(input.fetch ? { fetch: input.fetch } : {}),
    });
    outcome(result.alreadyGone ? 'already_gone' : 'revoked');
    logger.info(
      { requestId, workspaceId, refusal, alreadyGone: result.alreadyGone },
      'token of refused install revoked',
    );
    return;
  } catch (err) {
    logger.warn(
      { requestId, workspaceId, refusal, err: errorSummary(err) },
      'could not revoke the token of a refused install; queueing it for the background pass',
    );
  }
  try {
    await input.queue.enqueueRevocation({
      workspaceId,
      token: input.token,
      reason: 'install_refused',
    });
    outcome('queued');
  } catch (err) {
    outcome('lost');
    logger.error(
      { requestId, workspaceId, refusal, err: errorSummary(err) },
      'could not queue the token of a refused install: it may stay active at Attio; revoke it by hand',
    );
  }
}
