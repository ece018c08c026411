/**
 * The admin HTTP API under `/_sandbox` (for tests in other processes and the demo). JSON in, JSON out;
 * bad input answers `{ "error": "<what to do>" }` with 400 (404 for unknown ids). Tokens travel in request
 * bodies, never in URLs, so they stay out of access logs.
 *
 * | method + path                              | body                                  | answer            |
 * | ------------------------------------------ | ------------------------------------- | ----------------- |
 * | GET    /_sandbox/fixtures                  |                                       | fixtures          |
 * | GET    /_sandbox/workspaces                |                                       | workspace[]       |
 * | POST   /_sandbox/workspaces                | { name, slug }                        | 201 workspace     |
 * | POST   /_sandbox/apps                      | { name, redirectUris, scopes }        | 201 app           |
 * | POST   /_sandbox/apps/:clientId/redirect-uris | { uri }                            | 204               |
 * | PUT    /_sandbox/apps/:clientId/scopes     | { scopes }                            | 204               |
 * | POST   /_sandbox/apps/:clientId/uninstall  | { workspaceId }                       | { revoked }       |
 * | POST   /_sandbox/tokens                    | { workspaceId, scopes, level?, clientId? } | 201 { token, tokenId } |
 * | PUT    /_sandbox/tokens/scopes             | { token, scopes }                     | 204               |
 * | POST   /_sandbox/tokens/revoke, …/restore  | { token }                             | 204               |
 * | GET/PUT/DELETE /_sandbox/faults            | PUT: { rules: FaultRule[] }           | rules / 204       |
 * | GET/DELETE /_sandbox/counters              |                                       | counters / 204    |
 * | GET    /_sandbox/revocations               |                                       | { revoked: RevokedToken[] } |
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyError, readBody } from '../http/read-body.js';
import { sendJson } from '../http/respond.js';
import type { SandboxContext } from '../server/context.js';
import { SandboxInputError } from '../state/sandbox-input-error.js';
import type { CreateTokenInput, FaultRule, SandboxAdmin, SandboxFixtures } from '../types.js';

type Body = Record<string, unknown>;
type AdminAction = (body: Body, param: string) => { status: number; body?: unknown };

function noContent(): { status: number } {
  return { status: 204 };
}

function routes(
  admin: SandboxAdmin,
  ctx: SandboxContext,
  fixtures: SandboxFixtures,
): Record<string, AdminAction> {
  return {
    'GET /fixtures': () => ({ status: 200, body: fixtures }),
    'GET /workspaces': () => ({
      status: 200,
      body: ctx.state.listWorkspaces(),
    }),
    'POST /workspaces': (b) => ({
      status: 201,
      body: admin.createWorkspace(b as { name: string; slug: string }),
    }),
    'POST /apps': (b) => ({
      status: 201,
      body: admin.createApp(b as { name: string; redirectUris: string[]; scopes: string[] }),
    }),
    'POST /apps/:/redirect-uris': (b, id) => (
      admin.addRedirectUri(id, b['uri'] as string),
      noContent()
    ),
    'PUT /apps/:/scopes': (b, id) => (admin.setAppScopes(id, b['scopes'] as string[]), noContent()),
    'POST /apps/:/uninstall': (b, id) => ({
      status: 200,
      body: { revoked: admin.uninstallApp(id, b['workspaceId'] as string) },
    }),
    'POST /tokens': (b) => {
      const token = admin.createToken(b as unknown as CreateTokenInput);
      return { status: 201, body: { token, tokenId: admin.tokenId(token) } };
    },
    'PUT /tokens/scopes': (b) => (
      admin.setTokenScopes(b['token'] as string, b['scopes'] as string[]),
      noContent()
    ),
    'POST /tokens/revoke': (b) => (admin.revokeToken(b['token'] as string), noContent()),
    'POST /tokens/restore': (b) => (admin.restoreToken(b['token'] as string), noContent()),
    'GET /faults': () => ({ status: 200, body: ctx.faults.map((f) => f.rule) }),
    'PUT /faults': (b) => (admin.setFaults((b['rules'] ?? []) as FaultRule[]), noContent()),
    'DELETE /faults': () => (admin.clearFaults(), noContent()),
    'GET /counters': () => ({ status: 200, body: admin.counters() }),
    'DELETE /counters': () => (admin.resetCounters(), noContent()),
    'GET /revocations': () => ({ status: 200, body: { revoked: admin.revokedTokens() } }),
  };
}

/**
 * Builds the `/_sandbox` handler.
 *
 * @example
 * ```ts
 * const handleAdmin = createAdminHttp(admin, ctx, fixtures);
 * await handleAdmin(req, res, 'POST', '/_sandbox/tokens');
 * ```
 */
export function createAdminHttp(
  admin: SandboxAdmin,
  ctx: SandboxContext,
  fixtures: SandboxFixtures,
) {
  const table = routes(admin, ctx, fixtures);
  return async function handleAdmin(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
  ): Promise<void> {
    const rest = path.slice('/_sandbox'.length);
    const m = /^\/apps\/([^/]+)(\/.+)$/.exec(rest);
    const key = m ? `${method} /apps/:${m[2]}` : `${method} ${rest}`;
    const action = table[key];
    if (action === undefined) {
      sendJson(res, 404, {
        error: `No admin route ${method} ${path}; see the table in admin-http.ts.`,
      });
      return;
    }
    try {
      const body = method === 'GET' || method === 'DELETE' ? {} : await readBody(req);
      const out = action(body, m ? decodeURIComponent(m[1] ?? '') : '');
      if (out.status === 204) {
        res.writeHead(204);
        res.end();
      } else {
        sendJson(res, out.status, out.body);
      }
    } catch (e) {
      if (e instanceof SandboxInputError || e instanceof BodyError) {
        sendJson(res, e.status, { error: e.message });
        return;
      }
      throw e;
    }
  };
}
