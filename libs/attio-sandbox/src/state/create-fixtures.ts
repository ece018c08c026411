/**
 * The fixtures every sandbox starts with: two workspaces, an OAuth app, and one token per outcome a
 * token checker must tell apart (full, read-only, no scopes, revoked, user-level, other workspace).
 * Scope names come from the generated table (`ALL_SCOPES`), never typed by hand.
 */
import { ALL_SCOPES } from '@attio-auth/attio-core';
import type { SandboxFixtures, SandboxOptions } from '../types.js';
import type { SandboxState } from './sandbox-state.js';

/**
 * Default redirect URI of the fixture app; tests add theirs with `admin.addRedirectUri` or options.
 *
 * @example
 * ```ts
 * sandbox.fixtures.oauthApp.redirectUris; // → [DEFAULT_REDIRECT_URI] unless options.oauthApp.redirectUris
 * ```
 */
export const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:3000/oauth/callback';

/**
 * Every `:read` scope in Attio's document (what the `readOnly` token and, by default, the app get).
 *
 * @example
 * ```ts
 * READ_SCOPES.includes('object_configuration:read'); // → true
 * ```
 */
export const READ_SCOPES: readonly string[] = ALL_SCOPES.filter((s) => s.endsWith(':read'));

/**
 * Creates the fixtures in `state`.
 *
 * @example
 * ```ts
 * const fixtures = createFixtures(new SandboxState(Date.now), {});
 * fixtures.tokens.full; // → a 64-hex token with every scope
 * ```
 */
export function createFixtures(
  state: SandboxState,
  options: Pick<SandboxOptions, 'oauthApp'>,
): SandboxFixtures {
  const primary = state.createWorkspace({
    name: 'Acme Sandbox',
    slug: 'acme-sandbox',
  });
  const other = state.createWorkspace({
    name: 'Globex Sandbox',
    slug: 'globex-sandbox',
  });
  const app = state.createApp({
    name: 'Sandbox Test App',
    redirectUris: options.oauthApp?.redirectUris ?? [DEFAULT_REDIRECT_URI],
    scopes: options.oauthApp?.scopes ?? READ_SCOPES,
  });
  const all = [...ALL_SCOPES];
  const revoked = state.createToken({ workspaceId: primary.id, scopes: all });
  state.setTokenActive(revoked, false);
  return {
    tokens: {
      full: state.createToken({ workspaceId: primary.id, scopes: all }),
      readOnly: state.createToken({
        workspaceId: primary.id,
        scopes: READ_SCOPES,
      }),
      noScopes: state.createToken({ workspaceId: primary.id, scopes: [] }),
      revoked,
      userLevel: state.createToken({
        workspaceId: primary.id,
        scopes: all,
        level: 'user',
      }),
      otherWorkspace: state.createToken({ workspaceId: other.id, scopes: all }),
    },
    // The same arrays as the app, so admin changes (addRedirectUri, setAppScopes) show here too.
    oauthApp: app,
    workspaces: [primary, other],
  };
}
