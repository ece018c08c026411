/**
 * The `node:diagnostics_channel` channels attio-core (and attio-oauth) publish on, and the shape of what they
 * carry. Names live here so every publisher and subscriber (an OpenTelemetry adapter, a test) spells them once.
 *
 * Costless without subscribers: the client checks `hasSubscribers` before it builds any context object, so an
 * untraced request runs exactly the code it ran before the channels existed
 * (https://nodejs.org/docs/latest-v20.x/api/diagnostics_channel.html#class-tracingchannel).
 */
import diagnosticsChannel from 'node:diagnostics_channel';

/**
 * The channel names: two `TracingChannel`s (each has `:start`, `:end`, `:asyncStart`, `:asyncEnd`, `:error`
 * sub-channels under `tracing:<name>`) for the logical call and each physical attempt, one plain channel for
 * waits, and the OAuth token exchange's `TracingChannel`.
 *
 * @example
 * ```ts
 * import diagnosticsChannel from 'node:diagnostics_channel';
 * diagnosticsChannel.tracingChannel(ATTIO_TRACING_CHANNELS.attempt).subscribe({ asyncEnd: (ctx) => console.log(ctx) });
 * ```
 */
export const ATTIO_TRACING_CHANNELS = Object.freeze({
  call: 'attio-auth:attio-core:call',
  attempt: 'attio-auth:attio-core:attempt',
  wait: 'attio-auth:attio-core:wait',
  oauthCall: 'attio-auth:attio-oauth:call',
} as const);

/**
 * Where a request goes, as the HTTP client semantic conventions name it. `urlFull` never has a query string
 * (Attio queries can carry filter values), and never a credential.
 *
 * @example
 * ```ts
 * const target: AttioHttpTarget = { method: 'GET', urlTemplate: '/v2/self', urlFull: 'https://api.attio.com/v2/self', serverAddress: 'api.attio.com', serverPort: 443 };
 * ```
 */
export interface AttioHttpTarget {
  readonly method: string;
  /** The templated path from Attio's OpenAPI document (`/v2/objects/{object}/records/query`); `undefined` when unknown. */
  readonly urlTemplate: string | undefined;
  readonly urlFull: string;
  readonly serverAddress: string;
  readonly serverPort: number;
}

/**
 * The context of one logical call (`ATTIO_TRACING_CHANNELS.call`), retries included. The TracingChannel sets
 * `error` or `result` when the call settles; attio-core keeps `attempts`, `status` and `requestId` up to date.
 *
 * @example
 * ```ts
 * tracingChannel(ATTIO_TRACING_CHANNELS.call).subscribe({ asyncEnd: (c: AttioCallTrace) => console.log(c.urlTemplate, c.attempts) });
 * ```
 */
export interface AttioCallTrace extends AttioHttpTarget {
  /** The Attio workspace the client's token belongs to, when the caller said (`workspaceId` option). */
  readonly workspaceId: string | undefined;
  /** Attempts started so far (1 = no retry). */
  attempts: number;
  /** Status of the last answered attempt. */
  status?: number;
  /** Attio's request id (`x-request-id`) of the last answered attempt. */
  requestId?: string;
  /** Set by the TracingChannel when the call rejects. */
  error?: unknown;
  /** Set by the TracingChannel when the call resolves (the parsed body: never copy it into telemetry). */
  result?: unknown;
}

/**
 * The context of one physical attempt (`ATTIO_TRACING_CHANNELS.attempt`, and the OAuth exchange's
 * `ATTIO_TRACING_CHANNELS.oauthCall`, where `call` is undefined and `attempt` 1).
 *
 * `headers` starts empty and is read after `start` is published: a `start` subscriber may add headers there
 * (e.g. `traceparent`). They never override the client's own headers, so `authorization` cannot be replaced,
 * and the client's headers (the token) are never put in the context.
 *
 * @example
 * ```ts
 * tracingChannel(ATTIO_TRACING_CHANNELS.attempt).subscribe({ start: (a: AttioAttemptTrace) => { a.headers.traceparent = tp; } });
 * ```
 */
export interface AttioAttemptTrace extends AttioHttpTarget {
  /** The logical call this attempt belongs to (the same object the call channel carries). */
  readonly call: AttioCallTrace | undefined;
  readonly workspaceId: string | undefined;
  /** 1-based; `attempt - 1` is the semantic conventions' `http.request.resend_count`. */
  readonly attempt: number;
  readonly headers: Record<string, string>;
  status?: number;
  requestId?: string;
  error?: unknown;
  result?: unknown;
}

/**
 * A wait published on `ATTIO_TRACING_CHANNELS.wait` after it ended: the client-side throttle, the shared pause
 * after a 429 (`Retry-After`), or the backoff before a retry.
 *
 * @example
 * ```ts
 * diagnosticsChannel.subscribe(ATTIO_TRACING_CHANNELS.wait, (m) => console.log((m as AttioWaitEvent).durationMs));
 * ```
 */
export interface AttioWaitEvent {
  readonly call: AttioCallTrace | undefined;
  readonly kind: 'throttle' | 'rate_limited_pause' | 'retry_backoff';
  readonly durationMs: number;
  /** The attempt that comes after the wait. */
  readonly attempt: number;
}

/** The channels, created once (diagnostics channels are process-wide singletons by name). */
export const callChannel = diagnosticsChannel.tracingChannel<object, AttioCallTrace>(
  ATTIO_TRACING_CHANNELS.call,
);
export const attemptChannel = diagnosticsChannel.tracingChannel<object, AttioAttemptTrace>(
  ATTIO_TRACING_CHANNELS.attempt,
);
export const waitChannel = diagnosticsChannel.channel(ATTIO_TRACING_CHANNELS.wait);
