import { randomBytes } from 'node:crypto';
import {
  connectionErrorFrom,
  isAttioError,
  oauthErrorFromResponse,
  remedyFor,
} from '@attio-auth/attio-errors';
import { classifyError } from '../checks/classify-error.js';
import { fail, pass, type CheckResult } from '../checks/check-result.js';

/**
 * Checks client credentials without a user: send a code that cannot exist to the token endpoint
 * (RFC 6749 §4.1.3, form-encoded, client_secret_post as Attio documents). An authorization server
 * authenticates the client before it looks at the code (§5.2), so `invalid_grant` means "your
 * client id and secret are right, the code is not" and `invalid_client` means "wrong id/secret".
 * The code is random and marked as a probe so it can never match a real one.
 */
export interface ProbeInput {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri?: string;
  fetch: typeof fetch;
  timeoutMs: number;
}

/**
 * Runs the probe and turns the answer into the `token_endpoint` check.
 *
 * @example
 * const check = await bogusCodeProbe({ tokenUrl: 'https://app.attio.com/oauth/token', clientId, clientSecret, fetch, timeoutMs: 10000 });
 * check.status; // 'pass' when the answer was invalid_grant
 */
export async function bogusCodeProbe(input: ProbeInput): Promise<CheckResult> {
  const url = new URL(input.tokenUrl);
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: `attio-verify-probe-${randomBytes(16).toString('hex')}`,
    client_id: input.clientId,
    client_secret: input.clientSecret,
  });
  if (input.redirectUri) body.set('redirect_uri', input.redirectUri);
  let response: Response;
  let text: string;
  try {
    response = await input.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(input.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const mapped = connectionErrorFrom(error, { method: 'POST', url: url.toString() });
    const c = classifyError(mapped, {
      host: url.host,
      timeoutMs: input.timeoutMs,
      identityCall: false,
    });
    return fail('token_endpoint', c.outcome, c.summary, {
      errorCode: c.errorCode,
      remedy: c.remedy,
    });
  }
  const where = `POST ${url.pathname}`;
  if (response.ok) {
    return fail(
      'token_endpoint',
      'could_not_check',
      `${where} accepted a made-up code (HTTP ${response.status}); is this really the token endpoint?`,
      {
        errorCode: 'ATTIO_UNEXPECTED_RESPONSE',
        remedy: {
          cause: 'A real authorization server never issues a token for an unknown code.',
          action: 'Check --token-url / ATTIO_TOKEN_URL (Attio: https://app.attio.com/oauth/token).',
        },
      },
    );
  }
  const error = oauthErrorFromResponse(response.status, response.headers, text, {
    method: 'POST',
    url: url.toString(),
  });
  const oauthError = isAttioError(error)
    ? (error as { oauthError?: string }).oauthError
    : undefined;
  if (oauthError === 'invalid_grant') {
    return pass(
      'token_endpoint',
      `made-up code refused with invalid_grant (HTTP ${response.status}): client id and secret accepted`,
    );
  }
  if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client') {
    return fail(
      'token_endpoint',
      'token_invalid',
      `made-up code refused with ${oauthError} (HTTP ${response.status}): the client id or secret is wrong`,
      {
        errorCode: error.code,
        remedy: error.remedy ?? remedyFor(error.code),
      },
    );
  }
  const got = oauthError
    ? `error "${oauthError}"`
    : `HTTP ${response.status} without an OAuth error body`;
  return fail(
    'token_endpoint',
    'could_not_check',
    `${where} answered ${got}; expected invalid_grant or invalid_client`,
    {
      errorCode: error.code,
      remedy: error.remedy ?? remedyFor(error.code),
    },
  );
}
