/**
 * The semantic-conventions view of a request's target, built only when a tracing channel has subscribers:
 * `url.template` from the generated OpenAPI operation table, `server.address`/`server.port`, and `url.full`
 * without the query string.
 */
import type { HeadersLike } from '@attio-auth/attio-errors';
import { OPERATION_SCOPES } from '../scopes/operation-scopes.generated.js';
import { createOperationMatcher } from '../scopes/required-scopes.js';
import type { AttioHttpTarget } from './channels.js';

const matchOperation = createOperationMatcher(OPERATION_SCOPES);

/**
 * The templated path Attio's OpenAPI document gives an operation, or `undefined` when the table does not know
 * it (span names then fall back to the method alone, so raw ids never become span names).
 *
 * @example
 * ```ts
 * urlTemplateFor('POST', '/v2/objects/people/records/query'); // → '/v2/objects/{object}/records/query'
 * urlTemplateFor('GET', '/v2/nope'); // → undefined
 * ```
 */
export function urlTemplateFor(method: string, path: string): string | undefined {
  return matchOperation(method, path)?.path;
}

/**
 * Splits an absolute URL into the target attributes; `template` overrides the table lookup (the OAuth token
 * endpoint is not in the REST document).
 *
 * @example
 * ```ts
 * httpTargetOf('GET', 'http://127.0.0.1:4010/v2/self?x=1');
 * // → { method: 'GET', urlTemplate: '/v2/self', urlFull: 'http://127.0.0.1:4010/v2/self', serverAddress: '127.0.0.1', serverPort: 4010 }
 * ```
 */
export function httpTargetOf(method: string, url: string, template?: string): AttioHttpTarget {
  const parsed = new URL(url);
  return {
    method,
    urlTemplate: template ?? urlTemplateFor(method, parsed.pathname),
    // Never the query (filter values) nor userinfo; the base URL was validated to have neither secret.
    urlFull: `${parsed.protocol}//${parsed.host}${parsed.pathname}`,
    ...serverOf(parsed),
  };
}

/**
 * `server.address` (IPv6 without brackets) and `server.port` (the scheme's default when the URL has none).
 *
 * @example
 * ```ts
 * serverOf(new URL('https://api.attio.com')); // → { serverAddress: 'api.attio.com', serverPort: 443 }
 * ```
 */
export function serverOf(url: URL): Pick<AttioHttpTarget, 'serverAddress' | 'serverPort'> {
  const defaultPort = url.protocol === 'https:' ? 443 : 80;
  return {
    serverAddress: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    serverPort: url.port === '' ? defaultPort : Number(url.port),
  };
}

/** Response headers that may carry Attio's request id, as attio-errors reads them. */
const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-attio-request-id'];

/**
 * Attio's request id from response headers (a `Headers`, undici's record or entry pairs), if any.
 *
 * @example
 * ```ts
 * requestIdOf({ 'x-request-id': 'req_1' }); // → 'req_1'
 * ```
 */
export function requestIdOf(headers: HeadersLike): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headerValue(headers, name);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

function headerValue(headers: HeadersLike, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  if (Symbol.iterator in headers) {
    for (const [k, v] of headers as Iterable<readonly [string, string]>) {
      if (k.toLowerCase() === name) return v;
    }
    return undefined;
  }
  const record = headers as Record<string, unknown>;
  const value = record[name];
  if (Array.isArray(value)) return value[0] === undefined ? undefined : String(value[0]);
  return value === undefined || value === null ? undefined : String(value);
}
