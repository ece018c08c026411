/**
 * The in-process admin API (`sandbox.admin`): what an Attio workspace admin or app developer could do in
 * Attio's dashboard, plus test controls (faults, counters). The HTTP admin API calls the same functions.
 */
import { compileFaults } from '../faults/fault-rules.js';
import type { SandboxContext } from '../server/context.js';
import { tokenIdOf } from '../state/ids.js';
import { checkRedirectUri, SandboxInputError, stringList } from '../state/sandbox-input-error.js';
import type { FaultRule, RevokedToken, SandboxAdmin } from '../types.js';

/**
 * Builds the admin operations over a sandbox context.
 *
 * @example
 * ```ts
 * const admin = createAdmin(ctx);
 * admin.setFaults([{ path: '/v2/*', status: 503 }]);
 * ```
 */
export function createAdmin(ctx: SandboxContext): SandboxAdmin {
  const { state } = ctx;
  return {
    createWorkspace: (input) => state.createWorkspace(input),
    createApp: (input) => state.createApp(input),
    addRedirectUri(clientId, uri) {
      const app = state.app(clientId);
      const checked = checkRedirectUri(uri);
      if (!app.redirectUris.includes(checked)) app.redirectUris.push(checked);
    },
    createToken: (input) => state.createToken(input),
    setTokenScopes: (token, scopes) => state.setTokenScopes(token, scopes),
    setAppScopes(clientId, scopes) {
      // Like Attio: tokens issued earlier keep their scopes; the app must be reinstalled to get new ones.
      const app = state.app(clientId);
      app.scopes.splice(0, app.scopes.length, ...stringList(scopes, 'scopes'));
    },
    revokeToken: (token) => state.setTokenActive(token, false),
    restoreToken: (token) => state.setTokenActive(token, true),
    uninstallApp: (clientId, workspaceId) => state.uninstallApp(clientId, workspaceId),
    setFaults(rules: readonly FaultRule[]) {
      ctx.faults = compileFaults(rules);
    },
    clearFaults() {
      ctx.faults = [];
    },
    counters: () => ctx.counters.snapshot(),
    resetCounters: () => ctx.counters.reset(),
    revokedTokens() {
      const out: RevokedToken[] = [];
      for (const record of state.tokens.values()) {
        if (record.revoked === undefined) continue;
        out.push({
          tokenId: record.id,
          workspaceId: record.workspaceId,
          revokedAt: new Date(record.revoked.at).toISOString(),
          via: record.revoked.via,
        });
      }
      return out.sort((a, b) => a.revokedAt.localeCompare(b.revokedAt));
    },
    tokenId(token) {
      if (typeof token !== 'string' || token === '')
        throw new SandboxInputError('token must be a non-empty string.');
      return state.tokens.get(token)?.id ?? tokenIdOf(token);
    },
  };
}
