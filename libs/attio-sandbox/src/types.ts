/**
 * Public types of the sandbox: options, the running handle, fixtures, admin operations and fault rules.
 * Response bodies follow Attio (docs/attio-api-notes.md and the vendored OpenAPI copies in tools/scopes/openapi/);
 * fields Attio does not have are marked as sandbox additions.
 */

/**
 * Per-token request budgets, as Attio documents them: 100 reads and 25 writes per second.
 *
 * @example
 * ```ts
 * await startSandbox({ rateLimit: { readsPerSecond: 10, writesPerSecond: 5 } });
 * ```
 */
export interface RateLimitOptions {
  readonly readsPerSecond: number;
  readonly writesPerSecond: number;
}

/**
 * The revocation endpoint's own budget (`POST /oauth/revoke`), separate from the REST limits: at most `max`
 * requests from one client IP in any `windowMs` span. Attio documents 50 per minute per IP address.
 *
 * @example
 * ```ts
 * await startSandbox({ revokeLimit: { max: 5, windowMs: 500 } });
 * ```
 */
export interface RevokeLimitOptions {
  readonly max: number;
  readonly windowMs: number;
}

/**
 * One fault to inject, matched by path pattern (`*` matches anything, a leading `^` makes it a regular
 * expression) and optionally by method.
 *
 * @example
 * ```ts
 * const rule: FaultRule = { path: '/v2/*', method: 'GET', status: 503, rate: 0.5 };
 * ```
 */
export interface FaultRule {
  readonly path: string;
  readonly method?: string;
  readonly latencyMs?: number | { readonly min: number; readonly max: number };
  readonly status?: 500 | 502 | 503;
  /** Probability (0..1) that the rule fires for a matching request; default 1. */
  readonly rate?: number;
  /** Destroy the socket without answering (the client sees a connection reset). */
  readonly reset?: boolean;
  /** Never answer; `close()` destroys the socket. */
  readonly hang?: boolean;
  /** Always answer 429 with Attio's body and a `Retry-After` date. */
  readonly rateLimitStorm?: boolean;
  /** Addition: fire for the next `times` matching requests only, then stop (e.g. "the next 2 revokes 503"). */
  readonly times?: number;
}

/**
 * Options of {@link startSandbox}. `now` drives rate limits, counters, code expiry and timestamps, so tests
 * can move time without sleeping.
 *
 * @example
 * ```ts
 * const options: SandboxOptions = { port: 0, rateLimit: false, now: () => clock };
 * ```
 */
export interface SandboxOptions {
  readonly port?: number;
  readonly host?: string;
  readonly rateLimit?: RateLimitOptions | false;
  /** `POST /oauth/revoke` budget per client IP (default 50 per 60 000 ms, as Attio documents); `false` = none. */
  readonly revokeLimit?: RevokeLimitOptions | false;
  readonly faults?: readonly FaultRule[];
  readonly now?: () => number;
  readonly oauthApp?: {
    readonly redirectUris?: readonly string[];
    readonly scopes?: readonly string[];
  };
  /** Addition: random source in [0, 1) for fault rates and random latency (default Math.random). */
  readonly random?: () => number;
  /**
   * Addition: how fault latency waits (default attio-core's `defaultSleep`, aborted by `close()`);
   * tests inject a recorder. Like every `sleep` here, it rejects when `signal` aborts.
   */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * A workspace as the sandbox knows it.
 *
 * @example
 * ```ts
 * const ws: SandboxWorkspace = sandbox.admin.createWorkspace({ name: 'Initech', slug: 'initech' });
 * ```
 */
export interface SandboxWorkspace {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
}

/**
 * A registered OAuth app. `redirectUris` and `scopes` reflect later admin changes.
 *
 * @example
 * ```ts
 * const app: SandboxApp = sandbox.admin.createApp({ name: 'Reporter', redirectUris: [uri], scopes: ['note:read'] });
 * ```
 */
export interface SandboxApp {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly name: string;
  readonly redirectUris: string[];
  readonly scopes: string[];
}

/**
 * The tokens every checker must tell apart, plus the OAuth app and the two seeded workspaces.
 *
 * @example
 * ```ts
 * const { tokens, oauthApp, workspaces: [primary] } = sandbox.fixtures;
 * ```
 */
export interface SandboxFixtures {
  readonly tokens: {
    readonly full: string;
    readonly readOnly: string;
    readonly noScopes: string;
    readonly revoked: string;
    readonly userLevel: string;
    readonly otherWorkspace: string;
  };
  readonly oauthApp: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly name: string;
    readonly redirectUris: string[];
    readonly scopes: string[];
  };
  /** `[primary, other]`: the fixture tokens live in the first, `otherWorkspace` in the second. */
  readonly workspaces: readonly [SandboxWorkspace, SandboxWorkspace];
}

/**
 * Input of `admin.createToken`. Without `clientId` the token acts as a workspace access token.
 *
 * @example
 * ```ts
 * const input: CreateTokenInput = { workspaceId, scopes: ['user_management:read'], level: 'user' };
 * ```
 */
export interface CreateTokenInput {
  readonly workspaceId: string;
  readonly scopes: readonly string[];
  readonly level?: 'workspace' | 'user';
  readonly clientId?: string;
}

/**
 * Requests seen for one token (identified by a short hash, never the raw token).
 *
 * @example
 * ```ts
 * const c: TokenCounters | undefined = sandbox.admin.counters().byToken[sandbox.admin.tokenId(token)];
 * ```
 */
export interface TokenCounters {
  total: number;
  byPath: Record<string, number>;
  /** Highest number of requests seen in any one-second window. */
  maxPerSecond: number;
  /** Requests the sandbox's own rate limiter answered with 429 (faults not included). */
  rateLimited: number;
}

/**
 * Snapshot returned by `admin.counters()`.
 *
 * @example
 * ```ts
 * Object.values(sandbox.admin.counters().byToken).map((c) => c.maxPerSecond);
 * ```
 */
export interface CountersSnapshot {
  readonly byToken: Record<string, TokenCounters>;
  /** `POST /oauth/revoke`: every request (counted before faults), and how the endpoint answered. */
  readonly revoke: RevokeCounters;
}

/**
 * What `POST /oauth/revoke` saw. `requests` counts before faults, so `requests - revoked - rejected -
 * rateLimited` is how many a fault answered (or the client gave up on).
 *
 * @example
 * ```ts
 * expect(sandbox.admin.counters().revoke).toEqual({ requests: 20, revoked: 20, rejected: 0, rateLimited: 0 });
 * ```
 */
export interface RevokeCounters {
  requests: number;
  /** Answered 204: the token was active and is now revoked. */
  revoked: number;
  /** Answered 400: no token, two different tokens, or an unknown / already revoked one. */
  rejected: number;
  /** Answered 429: over the revoke budget of the caller's IP. */
  rateLimited: number;
}

/**
 * One inactive token, as `admin.revokedTokens()` lists it: by its short hash, never the token.
 *
 * @example
 * ```ts
 * sandbox.admin.revokedTokens().filter((r) => r.via === 'endpoint').map((r) => r.tokenId);
 * ```
 */
export interface RevokedToken {
  /** `tok_` + 12 hex digits of the token's SHA-256 (the id counters use). */
  readonly tokenId: string;
  readonly workspaceId: string;
  /** ISO 8601 time of the revocation, from the sandbox clock. */
  readonly revokedAt: string;
  /** `endpoint`: `POST /oauth/revoke`; `admin`: `admin.revokeToken` (and the fixture); `uninstall`: `admin.uninstallApp`. */
  readonly via: 'endpoint' | 'admin' | 'uninstall';
}

/**
 * In-process admin operations; the same operations are served over HTTP under `urls.admin`.
 *
 * @example
 * ```ts
 * const token = sandbox.admin.createToken({ workspaceId: sandbox.fixtures.workspaces[0].id, scopes: ['user_management:read'] });
 * sandbox.admin.revokeToken(token);
 * ```
 */
export interface SandboxAdmin {
  createWorkspace(input: { name: string; slug: string }): SandboxWorkspace;
  createApp(input: {
    name: string;
    redirectUris: readonly string[];
    scopes: readonly string[];
  }): SandboxApp;
  addRedirectUri(clientId: string, uri: string): void;
  createToken(input: CreateTokenInput): string;
  setTokenScopes(token: string, scopes: readonly string[]): void;
  setAppScopes(clientId: string, scopes: readonly string[]): void;
  revokeToken(token: string): void;
  restoreToken(token: string): void;
  uninstallApp(clientId: string, workspaceId: string): number;
  setFaults(rules: readonly FaultRule[]): void;
  clearFaults(): void;
  counters(): CountersSnapshot;
  resetCounters(): void;
  /** Addition: every inactive token, oldest revocation first, by short hash (never the token). */
  revokedTokens(): RevokedToken[];
  /** Addition: the short id counters use for a token (so tests can find it without the raw token). */
  tokenId(token: string): string;
}

/**
 * A running sandbox.
 *
 * @example
 * ```ts
 * const sandbox = await startSandbox();
 * const res = await fetch(`${sandbox.urls.api}/v2/self`, { headers: { authorization: `Bearer ${sandbox.fixtures.tokens.full}` } });
 * await sandbox.close();
 * ```
 */
export interface Sandbox {
  readonly urls: {
    readonly api: string;
    readonly oauth: string;
    readonly admin: string;
  };
  readonly fixtures: SandboxFixtures;
  readonly admin: SandboxAdmin;
  close(): Promise<void>;
}
