/**
 * Inputs of {@link buildAuthorizeUrl}.
 *
 * @example
 * ```ts
 * const options: AuthorizeUrlOptions = { clientId, redirectUri, state, authorizeUrl: 'https://app.attio.com/authorize' };
 * ```
 */
export interface AuthorizeUrlOptions {
  /** The OAuth app's client id (Attio developer dashboard). */
  clientId: string;
  /** Must exactly match a redirect URI registered for the app. */
  redirectUri: string;
  /** From {@link createState}; stored server-side and verified on the callback. */
  state: string;
  /** The authorization endpoint, e.g. `https://app.attio.com/authorize`. */
  authorizeUrl: string;
  /** Optional PKCE S256 challenge (see {@link createPkcePair}); Attio does not document PKCE. */
  codeChallenge?: string;
}

/**
 * Builds the URL that sends the user to the consent screen (RFC 6749 §4.1.1):
 * `response_type=code`, `client_id`, `redirect_uri`, `state`, and with PKCE `code_challenge` +
 * `code_challenge_method=S256`.
 *
 * There is no `scope` parameter: an Attio OAuth token gets the scopes configured on the app.
 * Query parameters already present on `authorizeUrl` are kept.
 *
 * @example
 * ```ts
 * buildAuthorizeUrl({
 *   clientId: 'abc',
 *   redirectUri: 'https://example.com/oauth/callback',
 *   state: createState(),
 *   authorizeUrl: 'https://app.attio.com/authorize',
 * });
 * // 'https://app.attio.com/authorize?response_type=code&client_id=abc&redirect_uri=https%3A%2F%2F…&state=…'
 * ```
 */
export function buildAuthorizeUrl(options: AuthorizeUrlOptions): string {
  const url = parseHttpUrl(options.authorizeUrl, 'authorizeUrl');
  parseHttpUrl(options.redirectUri, 'redirectUri');
  requireText(options.clientId, 'clientId');
  requireText(options.state, 'state');
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('state', options.state);
  if (options.codeChallenge !== undefined) {
    requireText(options.codeChallenge, 'codeChallenge');
    url.searchParams.set('code_challenge', options.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url.toString();
}

function requireText(value: string, name: string): void {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new TypeError(`buildAuthorizeUrl: ${name} must be a non-empty string.`);
  }
}

function parseHttpUrl(value: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(
      `buildAuthorizeUrl: ${name} must be an absolute http(s) URL; got ${JSON.stringify(value)}.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`buildAuthorizeUrl: ${name} must use http or https; got ${url.protocol}.`);
  }
  if (url.hash !== '') {
    // RFC 6749 §3.1.2: the redirection endpoint URI MUST NOT include a fragment.
    throw new TypeError(`buildAuthorizeUrl: ${name} must not contain a #fragment.`);
  }
  return url;
}
