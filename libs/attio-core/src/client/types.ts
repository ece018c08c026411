/**
 * Public types of the Attio client. Kept apart from the implementation so apps can type their dependencies
 * (`deps: { attio: AttioClient }`) without importing the transport.
 */
import type { Dispatcher } from 'undici';
import type { ObservationHook } from '../observe/observation.js';
import type { RetryOptions } from '../retry/retry-policy.js';
import type { SelfResult } from '../identify/parse-self.js';
import type { AttioObject } from '../resources/objects.js';
import type { WorkspaceMember } from '../resources/workspace-members.js';
import type { RateBudget } from '../rate-limit/rate-budget.js';
import type { RequestThrottle } from '../rate-limit/sliding-window-throttle.js';
import type { CursorPageOptions, OffsetPageOptions } from '../pagination/paginate.js';

/**
 * HTTP methods the client sends.
 *
 * @example
 * ```ts
 * const method: HttpMethod = 'PATCH';
 * ```
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/**
 * A pino-compatible logger (`pino()` satisfies it). The client logs only through it, never the token.
 *
 * @example
 * ```ts
 * const logger: Logger = pino({ level: 'debug' });
 * ```
 */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Anything with a zod-style `parse` that returns the typed value or throws.
 *
 * @example
 * ```ts
 * const schema: ResponseSchema<{ data: unknown[] }> = z.object({ data: z.array(z.unknown()) });
 * ```
 */
export interface ResponseSchema<T> {
  parse(value: unknown): T;
}

/**
 * Query values: arrays repeat the key; `undefined`/`null` are skipped.
 *
 * @example
 * ```ts
 * client.get('/v2/notes', { query: { limit: 10, parent_object: 'people', ids: ['a', 'b'] } });
 * ```
 */
export type QueryValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly (string | number | boolean)[];

/**
 * One request. `path` is relative to the base URL and starts with `/` (e.g. `/v2/objects`).
 *
 * @example
 * ```ts
 * const req: AttioRequest<{ data: unknown[] }> = { method: 'GET', path: '/v2/lists', query: { limit: 10 } };
 * ```
 */
export interface AttioRequest<T = unknown> {
  method: HttpMethod | Lowercase<HttpMethod>;
  path: string;
  query?: Record<string, QueryValue>;
  /** Serialised as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  schema?: ResponseSchema<T>;
  signal?: AbortSignal;
}

/**
 * Per-call options of the verb helpers.
 *
 * @example
 * ```ts
 * client.get('/v2/objects', { signal: AbortSignal.timeout(5000), headers: { 'x-trace': 'abc' } });
 * ```
 */
export type AttioCallOptions<T> = Omit<AttioRequest<T>, 'method' | 'path' | 'body'>;

/**
 * Requests per second allowed by the client-side throttle.
 *
 * @example
 * ```ts
 * createAttioClient({ token, rateLimit: { readsPerSecond: 50, writesPerSecond: 10 } });
 * ```
 */
export interface RateLimitOptions {
  readsPerSecond: number;
  writesPerSecond: number;
}

/**
 * Options of {@link createAttioClient}.
 *
 * @example
 * ```ts
 * const options: AttioClientOptions = { token, baseUrl: sandbox.urls.api, retry: { retries: 1 }, rateLimit: false };
 * ```
 */
export interface AttioClientOptions {
  token: string;
  /** Default `https://api.attio.com`. */
  baseUrl?: string;
  /** Send through this `fetch` instead of the default undici transport (e.g. for instrumentation). */
  fetch?: typeof fetch;
  /** undici dispatcher for the default transport (default: one shared keep-alive Agent per process). */
  dispatcher?: Dispatcher;
  /**
   * Per attempt. Default transport: limit to receive the response headers and, separately, the longest pause
   * while reading the body (undici `headersTimeout`/`bodyTimeout`). With an injected `fetch`: total time of the
   * attempt. Default 30000.
   */
  timeoutMs?: number;
  retry?: Partial<RetryOptions> | false;
  /** Default 100 reads/s and 25 writes/s (Attio's documented limits); `false` turns the throttle off. */
  rateLimit?: RateLimitOptions | false;
  /**
   * A throttle shared with other clients (e.g. one process-wide cap across many tokens' clients); every
   * attempt, retries included, waits on it. When set, it replaces `rateLimit` for this client.
   */
  throttle?: RequestThrottle;
  /**
   * A budget shared with other clients and processes (e.g. `createRedisRateBudget` from
   * `@attio-auth/rate-budget`): the client spends from it under the SHA-256 of its token, per read/write
   * class, and shares 429 pauses through it. When set, it replaces `rateLimit` and the client's own pause.
   */
  rateBudget?: RateBudget;
  logger?: Logger;
  /**
   * The Attio workspace this client's token belongs to, when known: only put in trace contexts
   * (`attio.workspace_id`); `createWorkspaceClient` sets it.
   */
  workspaceId?: string;
  /**
   * Told what each call says about the token (success; 401; 403 `auth_error`; `/v2/self` inactive), e.g. a
   * connection store's coalescing observation recorder. Unset (default): no cost.
   */
  onObservation?: ObservationHook;
  /** A product token put before the library's own, e.g. `attio-verify/1.2.0`. */
  userAgent?: string;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * The client returned by {@link createAttioClient}.
 *
 * @example
 * ```ts
 * const { data } = await client.get<{ data: { api_slug: string }[] }>('/v2/objects');
 * ```
 */
export interface AttioClient {
  readonly baseUrl: string;
  request<T = unknown>(req: AttioRequest<T>): Promise<T>;
  get<T = unknown>(path: string, options?: AttioCallOptions<T>): Promise<T>;
  delete<T = unknown>(path: string, options?: AttioCallOptions<T>): Promise<T>;
  post<T = unknown>(path: string, body?: unknown, options?: AttioCallOptions<T>): Promise<T>;
  put<T = unknown>(path: string, body?: unknown, options?: AttioCallOptions<T>): Promise<T>;
  patch<T = unknown>(path: string, body?: unknown, options?: AttioCallOptions<T>): Promise<T>;
  /** Identifies the token via `GET /v2/self` (needs no scope). */
  self(options?: { signal?: AbortSignal }): Promise<SelfResult>;
  /** `GET /v2/objects` (scope `object_configuration:read`). */
  listObjects(options?: { signal?: AbortSignal }): Promise<AttioObject[]>;
  /** `GET /v2/workspace_members` (scope `user_management:read`). */
  listWorkspaceMembers(options?: { signal?: AbortSignal }): Promise<WorkspaceMember[]>;
  paginateOffset<T = unknown>(options: OffsetPageOptions<T>): AsyncIterableIterator<T>;
  paginateCursor<T = unknown>(options: CursorPageOptions<T>): AsyncIterableIterator<T>;
}
