import { isAttioError, remedyFor, type AttioError, type ErrorCode } from '@attio-auth/attio-errors';
import type { Outcome } from '../exit-code.js';
import type { Remedy } from './check-result.js';

/**
 * What an attio-core failure means for `attio-verify`: which exit outcome, one readable line,
 * and the remedy. Network-level failures (DNS, refused, reset, TLS, timeout) and unusable answers
 * (5xx, 429 after retries, unexpected bodies) are "could not check"; the token is never called
 * invalid because of them (the same rule as attio-errors `isTransientError`).
 */
export interface Classified {
  outcome: Outcome;
  /** Did the request reach an HTTP server that answered (for the reachability line)? */
  answered: boolean;
  summary: string;
  errorCode: string;
  remedy: Remedy;
  details: string[];
}

const CONNECTION_SUMMARY: Record<string, (host: string) => string> = {
  dns: (host) => `could not resolve ${host} (DNS lookup failed)`,
  refused: (host) => `connection to ${host} refused (nothing listening there)`,
  reset: (host) => `connection to ${host} was reset before an answer`,
  tls: (host) => `TLS handshake with ${host} failed (certificate or protocol)`,
  unknown: (host) => `network error talking to ${host}`,
};

/** Which Attio error codes mean "the token itself is not usable". */
const TOKEN_INVALID: ReadonlySet<string> = new Set([
  'ATTIO_AUTHENTICATION',
  'ATTIO_TOKEN_INACTIVE',
  'ATTIO_INVALID_TOKEN_FORMAT',
  'ATTIO_FORBIDDEN',
]);

function describeStatus(error: AttioError): string {
  const status = error.status ?? 0;
  const attio = error.attioCode ? ` ${error.attioCode}` : '';
  const body =
    error.attioType === undefined && status >= 500
      ? ', not an Attio JSON body (a proxy or gateway?)'
      : '';
  return `HTTP ${status}${attio}${body}`;
}

/**
 * Classifies an error thrown by an attio-core call. `identityCall` marks `/v2/self`, where a
 * 400/404 means a malformed or revoked token (the seed's `invalid_request` / `not_found`).
 * Non-Attio errors (defects) are rethrown.
 *
 * @example
 * classifyError(new AttioTimeoutError(…), { host: 'api.attio.com', timeoutMs: 500, identityCall: true }).outcome;
 * // 'could_not_check'
 */
export function classifyError(
  error: unknown,
  context: { host: string; timeoutMs: number; identityCall: boolean },
): Classified {
  if (!isAttioError(error)) throw error;
  const code: string = error.code;
  const remedy = error.remedy ?? remedyFor(error.code as ErrorCode);
  const details = error.requestId ? [`request id: ${error.requestId}`] : [];
  const result = (outcome: Outcome, answered: boolean, summary: string): Classified => ({
    outcome,
    answered,
    summary,
    errorCode: code,
    remedy,
    details,
  });
  switch (code) {
    case 'ATTIO_CONNECTION': {
      const reason = (error as AttioError & { reason?: string }).reason ?? 'unknown';
      const describe = CONNECTION_SUMMARY[reason] ?? CONNECTION_SUMMARY['unknown'];
      // An unclassified failure (e.g. fetch's "bad port" for blocked ports) is only useful with its own words.
      if (reason === 'unknown') details.push(`underlying error: ${rootMessage(error)}`);
      return result('could_not_check', false, (describe as (h: string) => string)(context.host));
    }
    case 'ATTIO_TIMEOUT':
      return result(
        'could_not_check',
        false,
        `no answer from ${context.host} within ${context.timeoutMs} ms (timeout)`,
      );
    case 'ATTIO_ABORTED':
      return result('could_not_check', false, `request to ${context.host} was aborted`);
    case 'ATTIO_RATE_LIMITED':
      return result(
        'could_not_check',
        true,
        `rate limited by ${context.host} (HTTP 429) after retries`,
      );
    case 'ATTIO_SERVER_ERROR':
      return result('could_not_check', true, `${context.host} answered ${describeStatus(error)}`);
    case 'ATTIO_UNEXPECTED_RESPONSE':
      return result(
        'could_not_check',
        true,
        `${context.host} answered with a body that is not what Attio sends`,
      );
    case 'ATTIO_INSUFFICIENT_SCOPES':
      return result(
        'scopes_missing',
        true,
        `refused for lack of a scope (${describeStatus(error)})`,
      );
    default:
      if (TOKEN_INVALID.has(code))
        return result('token_invalid', true, `token refused: ${describeStatus(error)}`);
      if (context.identityCall && (error.status === 400 || error.status === 404)) {
        return result('token_invalid', true, `token refused: ${describeStatus(error)}`);
      }
      return result('could_not_check', true, `${context.host} answered ${describeStatus(error)}`);
  }
}

/** The message of the innermost `cause` (fetch wraps the socket error in "fetch failed"). */
function rootMessage(error: unknown): string {
  let current: unknown = error;
  let message = 'unknown';
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth += 1) {
    const m = (current as { message?: unknown }).message;
    if (typeof m === 'string' && m !== '') message = m;
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}
