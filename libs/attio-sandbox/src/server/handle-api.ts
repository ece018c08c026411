/**
 * The REST pipeline under `/v2`: Authorization header → rate limit → `/v2/self` fast path →
 * route → token active → scopes → handler (counters are recorded earlier, before faults, by the server).
 * Statuses follow Attio (docs/attio-api-notes.md): missing header 401, malformed 400, inactive token 401 (but `/v2/self` answers `200 {"active": false}`), missing scope 403.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { missingScopes } from '@attio-auth/attio-core';
import type { AuthorizationResult } from '../http/authorization.js';
import { attioError, sendAttioError, sendJson, sendRateLimited } from '../http/respond.js';
import { isWrite } from '../limits/rate-limiter.js';
import { matchRoute, type Route } from '../rest/route-table.js';
import { selfBodyOf } from '../state/self-body.js';
import type { SandboxContext } from './context.js';

const MISSING_AUTH = attioError(
  401,
  'auth_error',
  'unauthorized',
  'Missing Authorization header: send "Authorization: Bearer <access token>".',
);
const MALFORMED_AUTH = attioError(
  400,
  'invalid_request_error',
  'validation_type',
  'Malformed Authorization header: expected "Bearer <access token>" or HTTP Basic with the token as user name.',
);
const INACTIVE = attioError(
  401,
  'auth_error',
  'unauthorized',
  'The access token is invalid, revoked or its app was uninstalled: create a new token or reinstall the app.',
);

/**
 * Builds the `/v2` handler over a compiled route table.
 *
 * @example
 * ```ts
 * const api = createApiHandler(buildRoutes(ROUTES));
 * await api(ctx, req, res, { method: 'GET', path: '/v2/self', query: '' }, parseAuthorization(header), tokenId);
 * ```
 */
export function createApiHandler(routes: readonly Route[]) {
  return async function handleApi(
    ctx: SandboxContext,
    req: IncomingMessage,
    res: ServerResponse,
    target: {
      readonly method: string;
      readonly path: string;
      readonly query: string;
    },
    auth: AuthorizationResult,
    tokenId: string | undefined,
  ): Promise<void> {
    const { method, path } = target;
    if (auth.kind === 'missing') return sendAttioError(res, MISSING_AUTH);
    if (auth.kind === 'malformed' || tokenId === undefined)
      return sendAttioError(res, MALFORMED_AUTH);
    const token = ctx.state.tokens.get(auth.token);
    const now = ctx.now();
    if (!ctx.limiter.take(tokenId, isWrite(method, path), now)) {
      ctx.counters.recordRateLimited(tokenId);
      return sendRateLimited(res, now);
    }

    if (method === 'GET' && path === '/v2/self')
      return sendJson(res, 200, selfBodyOf(ctx.state, token));

    const match = matchRoute(routes, method, path);
    if (token === undefined || !token.active) return sendAttioError(res, INACTIVE);
    const data = ctx.state.data(token.workspaceId);
    if (data === undefined) return sendAttioError(res, INACTIVE);
    if (match.route === undefined) {
      return sendAttioError(
        res,
        attioError(
          404,
          'invalid_request_error',
          'not_found',
          `No route for ${method} ${path} in the sandbox.`,
        ),
      );
    }
    const missing = missingScopes(token.scopes, match.route.scopes);
    if (missing.length > 0) {
      return sendAttioError(
        res,
        attioError(
          403,
          'auth_error',
          'unauthorized',
          `This access token is missing the scopes ${missing.join(', ')} required by ${method} ${match.route.path}. ` +
            'Grant them to the token (or the app, then reinstall).',
        ),
      );
    }
    await match.route.handler({
      ctx,
      req,
      res,
      params: match.params,
      query: new URLSearchParams(target.query),
      token,
      data,
    });
  };
}
