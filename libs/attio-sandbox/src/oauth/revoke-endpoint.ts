/**
 * `POST /oauth/revoke`, as Attio documents it (docs/attio-api-notes.md, "Revocation"):
 * - the token comes in `Authorization: Bearer <token>` or as the form field `token`
 *   (`application/x-www-form-urlencoded`); no client credentials;
 * - `204 No Content` when it was revoked;
 * - `400` when no token is found, or when the header and the body name different tokens;
 * - its own limit, 50 requests per minute per IP address, answered with a 429.
 *
 * Where Attio is silent, the sandbox picks one answer and documents it:
 * - 400 bodies are RFC 6749 §5.2 shaped: `invalid_request` for no token / two different tokens / a body
 *   that is not a form / an `Authorization` scheme other than Bearer;
 * - an unknown or already revoked token is `400 {"error":"invalid_token", …}` (RFC 6750 §3.1's name for
 *   "revoked or invalid"), which the notes tell clients to treat as "already gone";
 * - a 429 carries Attio's REST error body and `Retry-After` in seconds (the endpoint's window is a minute).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseAuthorization } from '../http/authorization.js';
import { readText } from '../http/read-body.js';
import { attioError, sendAttioError } from '../http/respond.js';
import type { SandboxContext } from '../server/context.js';
import { sendOAuthError } from './token-endpoint.js';

const HOW =
  'send the token as "Authorization: Bearer <token>" or as the form field token (application/x-www-form-urlencoded)';

/** Where the token was found, or the 400 to answer. */
type TokenSource =
  | { readonly ok: true; readonly token: string }
  | { readonly ok: false; readonly error: 'invalid_request'; readonly description: string };

function bad(description: string): TokenSource {
  return { ok: false, error: 'invalid_request', description };
}

/** Reads the token from the header and the form body, refusing the cases Attio answers with 400. */
function tokenOf(req: IncomingMessage, text: string): TokenSource {
  const auth = parseAuthorization(req.headers.authorization);
  let fromHeader: string | undefined;
  if (auth.kind === 'malformed') return bad(`Malformed Authorization header: ${HOW}.`);
  if (auth.kind === 'token') {
    // parseAuthorization also accepts Basic (for the REST API); the revocation endpoint documents Bearer only.
    if (!/^bearer /i.test(req.headers.authorization ?? ''))
      return bad(`Only the Bearer scheme is accepted here: ${HOW}.`);
    fromHeader = auth.token;
  }
  let fromBody: string | undefined;
  if (text.trim() !== '') {
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    if (!type.includes('application/x-www-form-urlencoded'))
      return bad(`The body must be application/x-www-form-urlencoded: ${HOW}.`);
    const field = new URLSearchParams(text).get('token');
    if (field !== null && field !== '') fromBody = field;
  }
  if (fromHeader !== undefined && fromBody !== undefined && fromHeader !== fromBody)
    return bad('The Authorization header and the body name different tokens: send the token once.');
  const token = fromHeader ?? fromBody;
  return token === undefined ? bad(`No token found: ${HOW}.`) : { ok: true, token };
}

/**
 * Handles a revocation request (counted by the server before faults; outcomes counted here).
 *
 * @example
 * ```ts
 * if (path === '/oauth/revoke' && method === 'POST') return handleRevoke(ctx, req, res);
 * ```
 */
export async function handleRevoke(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const now = ctx.now();
  const limit = ctx.revokeLimiter.take(req.socket.remoteAddress ?? 'unknown', now);
  if (!limit.ok) {
    req.resume();
    ctx.counters.recordRevokeOutcome('rateLimited');
    sendAttioError(
      res,
      attioError(
        429,
        'rate_limit_error',
        'rate_limit_exceeded',
        'Revocation rate limit exceeded for this IP address, please try again later.',
      ),
      { 'retry-after': String(Math.max(1, Math.ceil(limit.retryAfterMs / 1000))) },
    );
    return;
  }
  let text: string;
  try {
    text = await readText(req);
  } catch (e) {
    ctx.counters.recordRevokeOutcome('rejected');
    sendOAuthError(res, 400, 'invalid_request', (e as Error).message);
    return;
  }
  const source = tokenOf(req, text);
  if (!source.ok) {
    ctx.counters.recordRevokeOutcome('rejected');
    sendOAuthError(res, 400, source.error, source.description);
    return;
  }
  const record = ctx.state.tokens.get(source.token);
  if (record === undefined || !record.active) {
    ctx.counters.recordRevokeOutcome('rejected');
    sendOAuthError(res, 400, 'invalid_token', 'The token is unknown or already revoked.');
    return;
  }
  ctx.state.setTokenActive(source.token, false, 'endpoint');
  ctx.counters.recordRevokeOutcome('revoked');
  res.writeHead(204, { 'cache-control': 'no-store' });
  res.end();
}
