/**
 * `startSandbox()`: one plain `node:http` server (no framework, so it is never the bottleneck of another
 * benchmark) serving the REST API, the OAuth endpoints and the admin API on the same port.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { defaultSleep } from '@attio-auth/attio-core';

import { createAdminHttp } from '../admin/admin-http.js';
import { createAdmin } from '../admin/create-admin.js';
import { applyFault } from '../faults/apply-fault.js';
import { compileFaults, decideFault } from '../faults/fault-rules.js';
import { parseAuthorization } from '../http/authorization.js';
import { attioError, sendAttioError, sendJson } from '../http/respond.js';
import { DEFAULT_RATE_LIMIT, RateLimiter } from '../limits/rate-limiter.js';
import { RequestCounters } from '../limits/request-counters.js';
import { DEFAULT_REVOKE_LIMIT, RevokeLimiter } from '../limits/revoke-limiter.js';
import { handleAuthorize, handleDecision } from '../oauth/authorize.js';
import { handleIntrospect } from '../oauth/introspect.js';
import { handleRevoke } from '../oauth/revoke-endpoint.js';
import { handleToken } from '../oauth/token-endpoint.js';
import { REST_ROUTES } from '../rest/rest-routes.js';
import { buildRoutes } from '../rest/route-table.js';
import { createFixtures } from '../state/create-fixtures.js';
import { tokenIdOf } from '../state/ids.js';
import { SandboxState } from '../state/sandbox-state.js';
import type { Sandbox, SandboxOptions } from '../types.js';
import type { SandboxContext } from './context.js';
import { createApiHandler } from './handle-api.js';

const NOT_FOUND = (method: string, path: string) =>
  attioError(
    404,
    'invalid_request_error',
    'not_found',
    `No route for ${method} ${path} in the sandbox.`,
  );

/**
 * Starts a sandbox on `127.0.0.1` (port 0 = random) and resolves once it listens.
 *
 * @example
 * ```ts
 * const sandbox = await startSandbox({ rateLimit: false });
 * const res = await fetch(`${sandbox.urls.api}/v2/self`, {
 *   headers: { authorization: `Bearer ${sandbox.fixtures.tokens.full}` },
 * });
 * await sandbox.close();
 * ```
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? Date.now;
  const state = new SandboxState(now);
  const ctx: SandboxContext = {
    state,
    limiter: new RateLimiter(
      options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : options.rateLimit,
    ),
    revokeLimiter: new RevokeLimiter(
      options.revokeLimit === undefined ? DEFAULT_REVOKE_LIMIT : options.revokeLimit,
    ),
    counters: new RequestCounters(),
    faults: compileFaults(options.faults ?? []),
    now,
    random: options.random ?? Math.random,
  };
  const fixtures = createFixtures(state, options);
  const admin = createAdmin(ctx);
  const handleAdmin = createAdminHttp(admin, ctx, fixtures);
  const handleApi = createApiHandler(buildRoutes(REST_ROUTES));
  // close() aborts every fault-latency wait still pending (attio-core's sleep rejects on abort).
  const closed = new AbortController();
  const sleep = options.sleep ?? defaultSleep;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const method = req.method ?? 'GET';
    if (path.startsWith('/_sandbox/')) return handleAdmin(req, res, method, path);
    const isApi = path.startsWith('/v2/');
    // Count before faults, so tests can see how often a client retried a failing call.
    const auth = isApi ? parseAuthorization(req.headers.authorization) : undefined;
    const tokenId =
      auth?.kind === 'token'
        ? (state.tokens.get(auth.token)?.id ?? tokenIdOf(auth.token))
        : undefined;
    if (tokenId !== undefined) ctx.counters.record(tokenId, path, now());
    const isRevoke = path === '/oauth/revoke' && method === 'POST';
    if (isRevoke) ctx.counters.recordRevokeRequest();
    if (ctx.faults.length > 0) {
      const decision = decideFault(ctx.faults, method, path, ctx.random);
      if (decision !== undefined) {
        if (decision.latencyMs > 0) await sleep(decision.latencyMs, closed.signal);
        if (res.destroyed || applyFault(decision, req, res, now())) return;
      }
    }
    if (isApi && auth !== undefined) {
      return handleApi(
        ctx,
        req,
        res,
        { method, path, query: q === -1 ? '' : url.slice(q + 1) },
        auth,
        tokenId,
      );
    }
    if (path === '/authorize' && method === 'GET')
      return handleAuthorize(ctx, res, new URL(url, 'http://sandbox'));
    if (path === '/authorize/decision' && method === 'POST') return handleDecision(ctx, req, res);
    if (path === '/oauth/token' && method === 'POST') return handleToken(ctx, req, res);
    if (path === '/oauth/introspect' && method === 'POST') return handleIntrospect(ctx, req, res);
    if (isRevoke) return handleRevoke(ctx, req, res);
    sendAttioError(res, NOT_FOUND(method, path));
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      if (res.headersSent || closed.signal.aborted) {
        res.destroy();
        return;
      }
      if (e instanceof URIError) {
        sendAttioError(
          res,
          attioError(
            400,
            'invalid_request_error',
            'validation_type',
            'Malformed percent-encoding in the path.',
          ),
        );
        return;
      }
      sendJson(
        res,
        500,
        attioError(
          500,
          'api_error',
          'internal_server_error',
          `Sandbox failure: ${(e as Error).message}`,
        ),
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;

  return {
    urls: { api: base, oauth: base, admin: `${base}/_sandbox` },
    fixtures,
    admin,
    close() {
      closing ??= new Promise<void>((resolve) => {
        closed.abort(new Error('sandbox closed'));
        server.close(() => resolve());
        // Hung requests and idle keep-alive sockets would keep close() waiting forever.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
