/**
 * The environment the apps read to reach Attio, pointed at a running sandbox: written once here so every
 * test, suite, demo and benchmark wires the callback service and the CLIs to the sandbox the same way.
 */

/** The parts of a running sandbox (or its description sent to a worker) the mapping needs. */
export interface SandboxEndpoints {
  readonly urls: { readonly api: string; readonly oauth: string };
  readonly fixtures: {
    readonly oauthApp: { readonly clientId: string; readonly clientSecret: string };
  };
}

/**
 * `ATTIO_CLIENT_ID`, `ATTIO_CLIENT_SECRET`, `ATTIO_AUTHORIZE_URL`, `ATTIO_TOKEN_URL`,
 * `ATTIO_API_BASE_URL` and `ATTIO_REVOKE_URL` for the sandbox's OAuth app, then `overrides` (the app's own settings, or a
 * replacement for one of these).
 *
 * @example
 * ```ts
 * const config = loadConfig(sandboxEnv(sandbox, { PUBLIC_BASE_URL: bound.url, DATABASE_URL: url }));
 * ```
 */
export function sandboxEnv(
  sandbox: SandboxEndpoints,
  overrides: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    ATTIO_CLIENT_ID: sandbox.fixtures.oauthApp.clientId,
    ATTIO_CLIENT_SECRET: sandbox.fixtures.oauthApp.clientSecret,
    ATTIO_AUTHORIZE_URL: `${sandbox.urls.oauth}/authorize`,
    ATTIO_TOKEN_URL: `${sandbox.urls.oauth}/oauth/token`,
    ATTIO_API_BASE_URL: sandbox.urls.api,
    ATTIO_REVOKE_URL: `${sandbox.urls.oauth}/oauth/revoke`,
    ...overrides,
  };
}
