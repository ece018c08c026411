import { AttioResponseValidationError } from '@attio-auth/attio-errors';

/**
 * A successful token response (RFC 6749 §5.1). Attio returns only these two members.
 *
 * @example
 * ```ts
 * const { accessToken }: TokenResponse = await exchangeCode(options);
 * ```
 */
export interface TokenResponse {
  accessToken: string;
  /** Always `Bearer` for Attio (compared case-insensitively, RFC 6749 §7.1). */
  tokenType: string;
}

/**
 * Validates the 2xx body of a token request. Lenient where Attio is silent (a missing
 * `token_type` means Bearer, extra members are ignored) and strict where a wrong answer would
 * store an unusable token (no `access_token`, a non-Bearer type, a body that is not JSON).
 * The body text is never copied into the error: it holds the token.
 *
 * @example
 * ```ts
 * parseTokenResponse('{"access_token":"abc","token_type":"Bearer"}', { status: 200, url });
 * // { accessToken: 'abc', tokenType: 'Bearer' }
 * ```
 */
export function parseTokenResponse(
  text: string,
  context: { status: number; url: string },
): TokenResponse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid('was not JSON', context);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid('was not a JSON object', context);
  }
  const record = json as Record<string, unknown>;
  const accessToken = record['access_token'];
  if (typeof accessToken !== 'string' || accessToken.length === 0 || /\s/.test(accessToken)) {
    throw invalid('had no usable access_token', context, 'access_token');
  }
  const rawType = record['token_type'];
  if (
    rawType !== undefined &&
    (typeof rawType !== 'string' || rawType.toLowerCase() !== 'bearer')
  ) {
    throw invalid(
      `had token_type ${JSON.stringify(rawType)} where "Bearer" was expected`,
      context,
      'token_type',
    );
  }
  return { accessToken, tokenType: 'Bearer' };
}

function invalid(what: string, context: { status: number; url: string }, path?: string): Error {
  const message =
    `The token endpoint answered ${context.status} but its body ${what}. ` +
    'Check that the token URL points at the OAuth token endpoint (e.g. https://app.attio.com/oauth/token).';
  return new AttioResponseValidationError({
    message,
    status: context.status,
    method: 'POST',
    url: context.url,
    validationErrors: [{ code: 'invalid_token_response', path: path ? [path] : [], message: what }],
  });
}
