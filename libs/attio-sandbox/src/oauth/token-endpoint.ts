/**
 * `POST /oauth/token`: the authorization-code exchange (RFC 6749 §4.1.3–4.1.4). Accepts form-urlencoded
 * (documented by Attio) and JSON bodies; answers `{ access_token, token_type: "Bearer" }` and RFC 6749 §5.2
 * error bodies. Codes are single use, expire after 10 minutes and are bound to client and redirect URI.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyError, readBody } from '../http/read-body.js';
import { sendJson } from '../http/respond.js';
import type { SandboxContext } from '../server/context.js';
import { authenticateClient } from './client-auth.js';

/** RFC 6749 §5.1: token responses must not be cached. */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/**
 * Sends an RFC 6749 §5.2 error body.
 *
 * @example
 * ```ts
 * sendOAuthError(res, 400, 'invalid_grant', 'The authorization code has expired.');
 * ```
 */
export function sendOAuthError(
  res: ServerResponse,
  status: 400 | 401,
  error: string,
  description: string,
  basic = false,
): void {
  // §5.2: a 401 for a client that authenticated with the Authorization header carries WWW-Authenticate.
  const headers: Record<string, string> = basic
    ? { ...NO_STORE, 'www-authenticate': 'Basic realm="attio"' }
    : NO_STORE;
  sendJson(res, status, { error, error_description: description }, headers);
}

/**
 * Handles a token request.
 *
 * @example
 * ```ts
 * await handleToken(ctx, req, res);
 * ```
 */
export async function handleToken(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let body: Record<string, unknown>;
  try {
    body = await readBody(req);
  } catch (e) {
    const message = e instanceof BodyError ? e.message : 'The request body could not be read.';
    sendOAuthError(res, 400, 'invalid_request', message);
    return;
  }
  const grantType = body['grant_type'];
  if (typeof grantType !== 'string' || grantType === '') {
    sendOAuthError(
      res,
      400,
      'invalid_request',
      'grant_type is required (use grant_type=authorization_code).',
    );
    return;
  }
  if (grantType !== 'authorization_code') {
    sendOAuthError(
      res,
      400,
      'unsupported_grant_type',
      'Only grant_type=authorization_code is supported.',
    );
    return;
  }
  const auth = authenticateClient(ctx.state, req, body);
  if (!auth.ok) {
    sendOAuthError(res, 401, 'invalid_client', auth.description, auth.usedBasic);
    return;
  }
  const code = body['code'];
  if (typeof code !== 'string' || code === '') {
    sendOAuthError(
      res,
      400,
      'invalid_request',
      'code is required: send the code from the redirect.',
    );
    return;
  }
  const record = ctx.state.codes.get(code);
  const redirectUri = body['redirect_uri'];
  let problem: string | undefined;
  if (record === undefined) problem = 'The authorization code is unknown.';
  else if (record.used)
    problem = 'The authorization code has already been used; start the authorization again.';
  else if (record.expiresAt <= ctx.now())
    problem = 'The authorization code has expired; start the authorization again.';
  else if (record.clientId !== auth.app.clientId)
    problem = 'The authorization code was issued to another client.';
  else if (redirectUri !== undefined && redirectUri !== record.redirectUri) {
    problem = 'redirect_uri does not match the one used in the authorization request.';
  }
  if (record === undefined || problem !== undefined) {
    sendOAuthError(res, 400, 'invalid_grant', problem ?? 'The authorization code is invalid.');
    return;
  }
  record.used = true;
  const accessToken = ctx.state.createToken({
    workspaceId: record.workspaceId,
    scopes: auth.app.scopes,
    clientId: auth.app.clientId,
  });
  sendJson(res, 200, { access_token: accessToken, token_type: 'Bearer' }, NO_STORE);
}
