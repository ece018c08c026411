/**
 * HTML for the authorization step: the consent page (app name, workspace chooser, the app's scopes,
 * Approve / Deny as a form POST to /authorize/decision) and the error page shown instead of redirecting
 * when the client or redirect URI cannot be trusted (RFC 6749 §4.1.2.1).
 */
import { escapeHtml } from '../http/respond.js';
import type { SandboxApp, SandboxWorkspace } from '../types.js';

/** The authorize request fields carried through the consent form. */
export interface AuthorizeParams {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string | undefined;
}

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#111}' +
  'button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.5rem}select{font-size:1rem;padding:.25rem}';

function page(title: string, body: string): string {
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    `<style>${STYLE}</style></head><body>${body}</body></html>\n`
  );
}

function hidden(name: string, value: string | undefined): string {
  return value === undefined
    ? ''
    : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
}

/**
 * Renders the consent page.
 *
 * @example
 * ```ts
 * sendHtml(res, 200, renderConsentPage(app, workspaces, { clientId, redirectUri, state }));
 * ```
 */
export function renderConsentPage(
  app: SandboxApp,
  workspaces: readonly SandboxWorkspace[],
  params: AuthorizeParams,
): string {
  const options = workspaces
    .map(
      (w) =>
        `<option value="${escapeHtml(w.id)}">${escapeHtml(w.name)} (${escapeHtml(w.slug)})</option>`,
    )
    .join('');
  const scopes = app.scopes.length
    ? `<ul id="scopes">${app.scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('')}</ul>`
    : '<p id="scopes">This app asks for no scopes.</p>';
  return page(
    `Authorize ${app.name}`,
    `<h1>Authorize <span id="app-name">${escapeHtml(app.name)}</span></h1>` +
      `<p><strong>${escapeHtml(app.name)}</strong> wants to access your Attio workspace with these permissions:</p>` +
      scopes +
      `<form method="post" action="/authorize/decision">` +
      hidden('client_id', params.clientId) +
      hidden('redirect_uri', params.redirectUri) +
      hidden('state', params.state) +
      `<p><label for="workspace_id">Workspace</label> <select id="workspace_id" name="workspace_id">${options}</select></p>` +
      `<p><button type="submit" name="decision" value="approve">Approve</button>` +
      `<button type="submit" name="decision" value="deny">Deny</button></p>` +
      `</form>`,
  );
}

/**
 * Renders an OAuth error page (no redirect happens).
 *
 * @example
 * ```ts
 * sendHtml(res, 400, renderErrorPage('invalid_request', 'redirect_uri does not match a registered URI.'));
 * ```
 */
export function renderErrorPage(error: string, description: string): string {
  return page(
    'Authorization error',
    `<h1>Authorization error</h1><p id="error"><code>${escapeHtml(error)}</code></p>` +
      `<p id="error-description">${escapeHtml(description)}</p>`,
  );
}
