/**
 * Type guards that also recognise errors from a second copy of this package (a duplicated node_modules
 * install), where `instanceof` fails: they fall back to the `name` and the `ATTIO_` code prefix.
 */
import { AttioError } from './attio-error.js';
import type { AttioConnectionError } from './errors/attio-connection-error.js';
import type { AttioOAuthError } from './errors/attio-oauth-error.js';
import type { AttioPermissionError } from './errors/attio-permission-error.js';
import type { AttioRateLimitError } from './errors/attio-rate-limit-error.js';

const fields = (e: unknown): { name?: unknown; code?: unknown; status?: unknown } =>
  typeof e === 'object' && e !== null
    ? (e as { name?: unknown; code?: unknown; status?: unknown })
    : {};

/**
 * True for any AttioError, from this or another copy of the package.
 *
 * @example
 * ```ts
 * if (isAttioError(e)) console.error(e.code, e.remedy.action);
 * ```
 */
export function isAttioError(e: unknown): e is AttioError {
  if (e instanceof AttioError) return true;
  const { name, code } = fields(e);
  return (
    e instanceof Error &&
    typeof name === 'string' &&
    /^Attio[A-Za-z]*Error$/.test(name) &&
    typeof code === 'string' &&
    code.startsWith('ATTIO_')
  );
}

const byName =
  <T extends AttioError>(name: string) =>
  (e: unknown): e is T =>
    isAttioError(e) && e.name === name;

/** @example `if (isAuthenticationError(e)) markRevoked();` */
export const isAuthenticationError = byName<AttioError>('AttioAuthenticationError');
/** @example `if (isPermissionError(e) && e.code === 'ATTIO_INSUFFICIENT_SCOPES') showScopes();` */
export const isPermissionError = byName<AttioPermissionError>('AttioPermissionError');
/** @example `if (isRateLimitError(e)) await sleep(e.retryAfterMs ?? 1000);` */
export const isRateLimitError = byName<AttioRateLimitError>('AttioRateLimitError');
/** @example `if (isServerError(e)) console.warn('Attio 5xx', e.status);` */
export const isServerError = byName<AttioError>('AttioServerError');
/** @example `if (isConnectionError(e)) console.warn(e.reason);` */
export const isConnectionError = byName<AttioConnectionError>('AttioConnectionError');
/** @example `if (isTimeoutError(e)) console.warn('slow');` */
export const isTimeoutError = byName<AttioError>('AttioTimeoutError');
/** @example `if (isAbortError(e)) return;` */
export const isAbortError = byName<AttioError>('AttioAbortError');
/** @example `if (isOAuthError(e) && e.oauthError === 'access_denied') showDenied();` */
export const isOAuthError = byName<AttioOAuthError>('AttioOAuthError');

const TRANSIENT_CODES = new Set([
  'ATTIO_CONNECTION',
  'ATTIO_TIMEOUT',
  'ATTIO_RATE_LIMITED',
  'ATTIO_SERVER_ERROR',
  'ATTIO_OAUTH_SERVER_ERROR',
  'ATTIO_OAUTH_TEMPORARILY_UNAVAILABLE',
]);

/**
 * True when the failure says nothing about the token itself: network, timeout, 5xx, 429 or 408. The health
 * checker uses it so a transient failure is never reported as "revoked". Aborts are not transient.
 *
 * @example
 * ```ts
 * const status = isTransientError(e) ? 'failed_to_check' : 'revoked';
 * ```
 */
export function isTransientError(e: unknown): boolean {
  if (!isAttioError(e)) return false;
  const status = fields(e).status;
  if (
    typeof status === 'number' &&
    (status === 408 || status === 429 || (status >= 500 && status <= 599))
  ) {
    return true;
  }
  return TRANSIENT_CODES.has(e.code);
}
