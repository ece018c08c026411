import type { Connection } from '@attio-auth/connection-store';

import { html, page, raw, type PageBranding } from './html.js';

/** JSON shape of a successful install. Never contains the token. */
export interface SuccessBody {
  status: 'installed';
  workspace: { id: string; name: string | null; slug: string | null };
  scopes: string[];
  tokenLevel: string | null;
  reinstall: boolean;
}

/**
 * The JSON body for a successful install.
 *
 * @example
 * ```ts
 * res.json(successBody(connection, false));
 * ```
 */
export function successBody(connection: Connection, reinstall: boolean): SuccessBody {
  return {
    status: 'installed',
    workspace: {
      id: connection.workspaceId,
      name: connection.workspaceName,
      slug: connection.workspaceSlug,
    },
    scopes: [...connection.scopes],
    tokenLevel: connection.tokenLevel,
    reinstall,
  };
}

/**
 * The page shown after a successful install, naming the workspace (escaped: the name comes from Attio).
 *
 * @example
 * ```ts
 * res.type('html').send(successPage(connection, false, config.branding));
 * ```
 */
export function successPage(
  connection: Connection,
  reinstall: boolean,
  branding?: PageBranding,
): string {
  const name = connection.workspaceName ?? connection.workspaceSlug ?? connection.workspaceId;
  const scopes = connection.scopes.length
    ? raw(connection.scopes.map((s) => html`<li><code>${s}</code></li>`.__html).join(''))
    : raw('<li>none</li>');
  return page({
    title: `Connected to ${name}`,
    kind: 'ok',
    branding,
    body: html`<h1>Connected to <span id="workspace-name">${name}</span></h1>
<p>${reinstall ? html`The connection of <strong id="installed-app">${branding?.appName ?? 'attio-auth'}</strong> was renewed` : html`<strong id="installed-app">${branding?.appName ?? 'attio-auth'}</strong> is now installed`} in the Attio workspace
<strong>${name}</strong>${connection.workspaceSlug ? html` (<code>${connection.workspaceSlug}</code>)` : raw('')}.
You can close this window.</p>
<h2>Granted scopes</h2><ul id="granted-scopes">${scopes}</ul>
<p class="meta">Workspace id <code id="workspace-id">${connection.workspaceId}</code></p>`,
  });
}
