import type { AttioError } from '@attio-auth/attio-errors';

/**
 * What one finished call says about its token: it worked (`success`), Attio refused the token (`unauthorized`,
 * a 401), refused it for authentication reasons on a 403 (`forbidden`, error type `auth_error`), or
 * `/v2/self` reported it inactive (`inactive`). Other outcomes (429, 5xx, network errors, a 403 for scopes or
 * billing) say nothing about the token and are not reported.
 *
 * @example
 * ```ts
 * const observation: AttioObservation = { kind: 'unauthorized', status: 401, at: Date.now(), workspaceId: 'ws_1' };
 * ```
 */
export interface AttioObservation {
  kind: 'success' | 'unauthorized' | 'forbidden' | 'inactive';
  /** HTTP status of the answer (200 for a success; `/v2/self` answers 200 with `active: false`). */
  status: number;
  /** Epoch milliseconds, from the client's clock. */
  at: number;
  /** The client's `workspaceId` option, when set (`createWorkspaceClient` sets it). */
  workspaceId?: string;
}

/**
 * Receives the client's observations. Called synchronously after the call settles: keep it cheap (e.g. a
 * coalescing recorder's `observe`); an exception it throws is swallowed so it never fails the call.
 *
 * @example
 * ```ts
 * const onObservation: ObservationHook = (o) => recorder.observe(o);
 * ```
 */
export type ObservationHook = (observation: AttioObservation) => void;

/**
 * The observation a failed call makes, or undefined when the failure says nothing about the token.
 *
 * @example
 * ```ts
 * observationOfError(err, Date.now(), 'ws_1'); // → { kind: 'unauthorized', status: 401, … } for a 401
 * ```
 */
export function observationOfError(
  err: unknown,
  at: number,
  workspaceId: string | undefined,
): AttioObservation | undefined {
  const e = err as Partial<AttioError> | undefined;
  if (e?.status === 401) return { kind: 'unauthorized', status: 401, at, workspaceId };
  // A 403 is about the token only when Attio types it auth_error; a missing scope or a billing problem is not.
  if (e?.status === 403 && e.attioType === 'auth_error' && e.code !== 'ATTIO_INSUFFICIENT_SCOPES') {
    return { kind: 'forbidden', status: 403, at, workspaceId };
  }
  return undefined;
}

/**
 * Calls the hook, never letting it break the call that observed.
 *
 * @example
 * ```ts
 * notify(options.onObservation, { kind: 'success', status: 200, at: now() });
 * ```
 */
export function notify(hook: ObservationHook | undefined, observation: AttioObservation): void {
  if (hook === undefined) return;
  try {
    hook(observation);
  } catch {
    // An observer's bug must not turn a successful call into a failure.
  }
}
