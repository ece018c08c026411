/**
 * Masks credentials in free text and header maps. Every AttioError runs its message, stack and toJSON()
 * through {@link redact}, so an error can be logged or shown as-is without leaking a token, client secret or
 * authorization code (RFC 6749 §10.3, §10.5: tokens and codes are bearer credentials).
 */

/**
 * What a masked value is replaced with.
 *
 * @example
 * ```ts
 * redact('Bearer abc123xyz'); // → `Bearer ${REDACTED}`
 * ```
 */
export const REDACTED = '[REDACTED]';

// Each pattern keeps its first group (the label) and masks the value.
const PATTERNS: readonly RegExp[] = [
  // Authorization schemes: `Bearer eyJ…`, `Basic dXNlcjo=`.
  // The value must look like a credential (6+ chars with a digit or punctuation), so prose such as
  // "Bearer followed by the token" stays readable; the client also passes its token as an extra secret.
  /\b(Bearer\s+)(?=[^\s"',;)\]>]*[0-9_.~+/=-])[^\s"',;)\]>]{6,}/gi,
  /\b(Basic\s+)(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{6,}={0,2}/gi,
  // Form/query parameters (boundary so `status_code=500` is not touched).
  /((?:^|[?&;\s"'(,])(?:client_secret|code|code_verifier|access_token|refresh_token|id_token|token|password|api_key)=)[^&\s"'#,;)]+/gi,
  // JSON members.
  /("(?:client_secret|access_token|refresh_token|id_token|code_verifier|password|api_key|token)"\s*:\s*")(?:[^"\\]|\\.)*(?=")/gi,
];

// Attio/Stripe-style secret keys: `sk_…`, `rk_…` (underscore or dash separated, long random tail).
const KEY_PATTERN = /\b((?:sk|rk)[_-])[A-Za-z0-9_-]{6,}/g;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Masks bearer/basic credentials, `sk_…`-style keys, `client_secret=…`, `code=…`, `access_token`/`refresh_token`
 * JSON members and form values, plus every literal in `extraSecrets` (values shorter than 4 characters are
 * ignored so they cannot mangle ordinary text).
 *
 * @example
 * ```ts
 * redact('Authorization: Bearer sk_live_abcdef123'); // → 'Authorization: Bearer [REDACTED]'
 * redact('https://x/cb?code=abc&state=s');            // → 'https://x/cb?code=[REDACTED]&state=s'
 * redact('token is t0k3n-xyz', ['t0k3n-xyz']);        // → 'token is [REDACTED]'
 * ```
 */
export function redact(
  text: string,
  extraSecrets?: readonly (string | undefined | null)[],
): string {
  if (typeof text !== 'string' || text === '') return text;
  let out = text;
  if (extraSecrets) {
    for (const secret of extraSecrets) {
      if (typeof secret === 'string' && secret.length >= 4) {
        out = out.replace(new RegExp(escapeRegExp(secret), 'g'), REDACTED);
        // The same secret percent-encoded (it may sit in a URL or form body).
        const encoded = encodeURIComponent(secret);
        if (encoded !== secret) out = out.replace(new RegExp(escapeRegExp(encoded), 'g'), REDACTED);
      }
    }
  }
  for (const pattern of PATTERNS) out = out.replace(pattern, `$1${REDACTED}`);
  return out.replace(KEY_PATTERN, `$1${REDACTED}`);
}

/** Header names whose whole value is a credential. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-attio-signature',
  'attio-signature',
]);

/**
 * Anything that can hold headers: a Fetch `Headers`, a plain object (Node style) or entry pairs.
 *
 * @example
 * ```ts
 * const h: HeadersLike = new Headers({ 'retry-after': '1' });
 * ```
 */
export type HeadersLike =
  | Headers
  | Record<string, string | readonly string[] | number | undefined | null>
  | Iterable<readonly [string, string]>;

/**
 * Returns a plain, lower-cased copy of `headers` that is safe to log: credential headers are fully masked,
 * other values pass through {@link redact}.
 *
 * @example
 * ```ts
 * redactHeaders({ Authorization: 'Bearer abc', 'content-type': 'application/json' });
 * // → { authorization: '[REDACTED]', 'content-type': 'application/json' }
 * ```
 */
export function redactHeaders(
  headers: HeadersLike | undefined | null,
  extraSecrets?: readonly (string | undefined | null)[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headerEntries(headers)) {
    const key = name.toLowerCase();
    out[key] = SECRET_HEADERS.has(key) ? REDACTED : redact(value, extraSecrets);
  }
  return out;
}

/**
 * Iterates any {@link HeadersLike} as `[name, value]` pairs (arrays joined with `, `). Never throws.
 *
 * @example
 * ```ts
 * [...headerEntries({ a: ['1', '2'] })]; // → [['a', '1, 2']]
 * ```
 */
export function* headerEntries(
  headers: HeadersLike | undefined | null,
): Generator<[string, string]> {
  if (headers === undefined || headers === null || typeof headers !== 'object') return;
  const iterable = headers as Partial<Iterable<unknown>>;
  if (typeof iterable[Symbol.iterator] === 'function') {
    for (const entry of headers as Iterable<unknown>) {
      if (Array.isArray(entry) && typeof entry[0] === 'string')
        yield [entry[0], String(entry[1] ?? '')];
    }
    return;
  }
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    yield [name, Array.isArray(value) ? value.join(', ') : String(value)];
  }
}

/**
 * Case-insensitive header lookup over any {@link HeadersLike}; `undefined` when absent.
 *
 * @example
 * ```ts
 * getHeader({ 'Retry-After': '2' }, 'retry-after'); // → '2'
 * ```
 */
export function getHeader(
  headers: HeadersLike | undefined | null,
  name: string,
): string | undefined {
  if (
    headers &&
    typeof (headers as Headers).get === 'function' &&
    typeof (headers as Headers).has === 'function'
  ) {
    try {
      return (headers as Headers).get(name) ?? undefined;
    } catch {
      return undefined;
    }
  }
  const wanted = name.toLowerCase();
  for (const [key, value] of headerEntries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}
