/**
 * `POST /oauth/introspect` (RFC 7662): the caller authenticates as a client and posts `token`; the answer
 * has the same members as `GET /v2/self`, or `{"active": false}` for unknown, revoked or uninstalled tokens.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyError, readBody } from '../http/read-body.js';
import { sendJson } from '../http/respond.js';
import type { SandboxContext } from '../server/context.js';
import { selfBodyOf } from '../state/self-body.js';
import { authenticateClient } from './client-auth.js';
import { sendOAuthError } from './token-endpoint.js';

/**
 * Handles an introspection request.
 *
 * @example
 * ```ts
 * await handleIntrospect(ctx, req, res);
 * ```
 */
export async function handleIntrospect(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let body: Record<string, unknown>;
  try {
    body = await readBody(req);
  } catch (e) {
    sendOAuthError(
      res,
      400,
      'invalid_request',
      e instanceof BodyError ? e.message : 'Unreadable body.',
    );
    return;
  }
  // RFC 7662 §2.1: the endpoint requires the caller to authenticate.
  const auth = authenticateClient(ctx.state, req, body);
  if (!auth.ok) {
    sendOAuthError(res, 401, 'invalid_client', auth.description, auth.usedBasic);
    return;
  }
  const token = body['token'];
  if (typeof token !== 'string' || token === '') {
    sendOAuthError(
      res,
      400,
      'invalid_request',
      'token is required: post the access token to introspect.',
    );
    return;
  }
  sendJson(res, 200, selfBodyOf(ctx.state, ctx.state.tokens.get(token)), {
    'cache-control': 'no-store',
  });
}
