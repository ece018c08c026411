/**
 * `GET /authorize` and `POST /authorize/decision`: the authorization-code front channel
 * (RFC 6749 §4.1.1–4.1.2). Unknown clients and redirect URIs that do not exactly match a registered one
 * get an error page and never a redirect (§4.1.2.1, §10.6); other errors redirect with `error` + `state`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyError, readBody } from '../http/read-body.js';
import { sendHtml } from '../http/respond.js';
import type { SandboxContext } from '../server/context.js';
import type { SandboxApp } from '../types.js';
import { renderConsentPage, renderErrorPage, type AuthorizeParams } from './consent-page.js';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function redirect(
  res: ServerResponse,
  redirectUri: string,
  params: Record<string, string | undefined>,
): void {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  res.writeHead(302, {
    location: url.toString(),
    'cache-control': 'no-store',
    'content-length': 0,
  });
  res.end();
}

/** Validates client and redirect URI; on failure sends the error page and returns undefined. */
function trustedClient(
  ctx: SandboxContext,
  res: ServerResponse,
  clientId: string | undefined,
  redirectUri: string | undefined,
): SandboxApp | undefined {
  const app = clientId === undefined ? undefined : ctx.state.apps.get(clientId);
  if (app === undefined) {
    sendHtml(
      res,
      400,
      renderErrorPage('invalid_client', "Unknown or missing client_id. Check the app's client ID."),
    );
    return undefined;
  }
  if (redirectUri === undefined || !app.redirectUris.includes(redirectUri)) {
    sendHtml(
      res,
      400,
      renderErrorPage(
        'invalid_request',
        'redirect_uri is missing or does not exactly match a redirect URI registered for this app. ' +
          'Register it on the app or send the registered one.',
      ),
    );
    return undefined;
  }
  return app;
}

/**
 * Handles `GET /authorize?client_id&response_type=code&redirect_uri&state`.
 *
 * @example
 * ```ts
 * handleAuthorize(ctx, res, new URL(req.url, 'http://sandbox'));
 * ```
 */
export function handleAuthorize(ctx: SandboxContext, res: ServerResponse, url: URL): void {
  const q = url.searchParams;
  const params: AuthorizeParams = {
    clientId: q.get('client_id') ?? '',
    redirectUri: q.get('redirect_uri') ?? '',
    state: str(q.get('state')),
  };
  const app = trustedClient(ctx, res, str(params.clientId), str(params.redirectUri));
  if (app === undefined) return;
  const responseType = q.get('response_type');
  if (responseType !== 'code') {
    redirect(res, params.redirectUri, {
      error: responseType === null ? 'invalid_request' : 'unsupported_response_type',
      error_description:
        responseType === null
          ? 'response_type is required'
          : 'Only response_type=code is supported',
      state: params.state,
    });
    return;
  }
  sendHtml(res, 200, renderConsentPage(app, ctx.state.listWorkspaces(), params));
}

/**
 * Handles the consent form POST: Approve redirects with a fresh `code` + `state`, Deny with
 * `error=access_denied` + `state` (§4.1.2.1).
 *
 * @example
 * ```ts
 * await handleDecision(ctx, req, res);
 * ```
 */
export async function handleDecision(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let body: Record<string, unknown>;
  try {
    body = await readBody(req);
  } catch (e) {
    if (!(e instanceof BodyError)) throw e;
    sendHtml(res, e.status, renderErrorPage('invalid_request', e.message));
    return;
  }
  const redirectUri = str(body['redirect_uri']);
  const app = trustedClient(ctx, res, str(body['client_id']), redirectUri);
  if (app === undefined || redirectUri === undefined) return;
  const state = str(body['state']);
  const decision = body['decision'];
  if (decision === 'deny') {
    redirect(res, redirectUri, {
      error: 'access_denied',
      error_description: 'The user denied the request.',
      state,
    });
    return;
  }
  if (decision !== 'approve') {
    sendHtml(res, 400, renderErrorPage('invalid_request', 'decision must be "approve" or "deny".'));
    return;
  }
  const workspaceId = str(body['workspace_id']);
  if (workspaceId === undefined || ctx.state.workspace(workspaceId) === undefined) {
    sendHtml(
      res,
      400,
      renderErrorPage('invalid_request', 'Choose one of the listed workspaces (workspace_id).'),
    );
    return;
  }
  const code = ctx.state.issueCode(app.clientId, redirectUri, workspaceId);
  redirect(res, redirectUri, { code, state });
}
