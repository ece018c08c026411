/**
 * The Attio REST transport: one function that builds a client around an injected `fetch`, clock and sleep.
 * Per request: rate budget (in-process by default, or shared across processes; per read/write class) → shared 429 pause → one attempt with its own timeout
 * → map failures to attio-errors → ask the pure retry policy whether to go again.
 */
import { connectionErrorFrom, type AttioError } from '@attio-auth/attio-errors';
import { parseSelfResponse } from '../identify/parse-self.js';
import { paginateCursor, paginateOffset } from '../pagination/paginate.js';
import { LocalRateBudget } from '../rate-limit/local-rate-budget.js';
import { notify, observationOfError } from '../observe/observation.js';
import type { RateBudget, RateGrant } from '../rate-limit/rate-budget.js';
import { tokenBudgetKey } from '../rate-limit/token-budget-key.js';
import { parseObjects } from '../resources/objects.js';
import { parseWorkspaceMembers } from '../resources/workspace-members.js';
import { decideRetry, DEFAULT_RETRY, type RetryOptions } from '../retry/retry-policy.js';
import { defaultSleep } from '../retry/sleep.js';
import { userAgentFor } from '../version.js';
import { buildUrl, normalizeBaseUrl } from './build-url.js';
import {
  attemptChannel,
  callChannel,
  waitChannel,
  type AttioCallTrace,
} from '../tracing/channels.js';
import { serverOf, urlTemplateFor } from '../tracing/http-target.js';
import { publishWait, sendTraced } from '../tracing/traced-attempt.js';
import { sendOnce, type AttemptContext } from './send-once.js';
import { fetchTransport, undiciTransport, type Transport } from './transport.js';
import type { AttioClient, AttioClientOptions, AttioRequest } from './types.js';
import { assertTokenFormat } from './validate-token.js';

/**
 * Attio's REST host (https://docs.attio.com/rest-api/overview).
 *
 * @example
 * ```ts
 * createAttioClient({ token, baseUrl: DEFAULT_BASE_URL });
 * ```
 */
export const DEFAULT_BASE_URL = 'https://api.attio.com';
/**
 * Attio's documented limits (https://docs.attio.com/rest-api/guides/rate-limiting).
 *
 * @example
 * ```ts
 * createAttioClient({ token, rateLimit: { ...DEFAULT_RATE_LIMIT, writesPerSecond: 10 } });
 * ```
 */
export const DEFAULT_RATE_LIMIT = Object.freeze({
  readsPerSecond: 100,
  writesPerSecond: 25,
});
/**
 * Per-attempt timeout.
 *
 * @example
 * ```ts
 * createAttioClient({ token, timeoutMs: DEFAULT_TIMEOUT_MS * 2 });
 * ```
 */
export const DEFAULT_TIMEOUT_MS = 30_000;

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/*
 * Per-process memos for what every client with the same options would compute again: callers that make a
 * client per token (attio-token-health: one per check) pay `new URL()`, a string build and a transport
 * closure once instead of per client. Each keeps only the last input, so memory stays constant.
 */
let lastBaseUrl: { input: string; normalized: string } | undefined;
function cachedBaseUrl(input: string): string {
  if (lastBaseUrl?.input !== input) {
    lastBaseUrl = { input, normalized: normalizeBaseUrl(input) };
  }
  return lastBaseUrl.normalized;
}

let lastUserAgent: { product: string | undefined; value: string } | undefined;
function cachedUserAgent(product: string | undefined): string {
  if (lastUserAgent === undefined || lastUserAgent.product !== product) {
    lastUserAgent = { product, value: userAgentFor(product) };
  }
  return lastUserAgent.value;
}

let defaultTransport: Transport | undefined;
/** undiciTransport() on the shared Agent holds no per-client state, so one closure serves every client. */
function sharedUndiciTransport(): Transport {
  defaultTransport ??= undiciTransport();
  return defaultTransport;
}

/**
 * Whether Attio counts the call against the read limit: safe methods, plus the POST query/search endpoints
 * that only read (`/v2/objects/{object}/records/query`, `/v2/lists/{list}/entries/query`, `/v2/objects/records/search`).
 *
 * @example
 * ```ts
 * isReadRequest('POST', '/v2/objects/people/records/query'); // → true
 * ```
 */
export function isReadRequest(method: string, path: string): boolean {
  if (READ_METHODS.has(method)) return true;
  return method === 'POST' && /\/(query|search)\/?(\?|$)/.test(path);
}

/**
 * Creates a client. Throws AttioInvalidTokenFormatError for an obviously malformed token and TypeError for a
 * bad base URL, before anything is sent.
 *
 * @example
 * ```ts
 * const client = createAttioClient({ token: process.env.ATTIO_TOKEN!, logger: pino() });
 * const me = await client.self();
 * if (!me.active) throw new Error('token revoked');
 * for await (const person of client.paginateOffset({ method: 'POST', path: '/v2/objects/people/records/query' })) {
 *   console.log(person);
 * }
 * ```
 */
export function createAttioClient(options: AttioClientOptions): AttioClient {
  assertTokenFormat(options.token);
  const token = options.token;
  const baseUrl = cachedBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  const retry: RetryOptions =
    options.retry === false
      ? { ...DEFAULT_RETRY, retries: 0 }
      : { ...DEFAULT_RETRY, ...options.retry };
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const clock = { now, sleep };
  const limits =
    options.rateLimit === false ? undefined : (options.rateLimit ?? DEFAULT_RATE_LIMIT);
  // A shared budget (several processes, one Attio limit) replaces the in-process one. An injected throttle
  // replaces the per-client throttles, so the local budget then keeps only the 429 pause (a client per check,
  // as the token-health checker makes, would otherwise allocate two unused throttles each time).
  const budget: RateBudget =
    options.rateBudget ?? new LocalRateBudget(limits && !options.throttle ? limits : false, clock);
  // The budget never sees the token: a shared one stores this key in Redis or PostgreSQL.
  const budgetKey = options.rateBudget ? tokenBudgetKey(token) : 'client';
  const logger = options.logger;
  const secrets = [token];
  const ctx: AttemptContext = {
    transport: options.fetch
      ? fetchTransport(options.fetch)
      : options.dispatcher
        ? undiciTransport(options.dispatcher)
        : sharedUndiciTransport(),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    now,
    secrets,
    logger,
    baseHeaders: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      'user-agent': cachedUserAgent(options.userAgent),
    },
  };

  const callerAbort = (err: unknown, method: string, url: string): AttioError =>
    connectionErrorFrom(err, { method, url, abortedBy: 'caller', secrets });

  /** Waits while a 429 pause (this client's, or any process's on a shared budget) is active. */
  async function waitOutPause(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      const until = await budget.pausedUntil(budgetKey);
      const left = until - now();
      if (left <= 0) return;
      await sleep(left, signal);
    }
  }

  /** Synchronous for the in-process budget, so an unpaused request costs no extra await. */
  function pauseActive(): boolean | Promise<boolean> {
    const until = budget.pausedUntil(budgetKey);
    return typeof until === 'number' ? until > now() : until.then((u) => u > now());
  }

  const workspaceId = options.workspaceId;
  // Unset: every call skips the hook with one falsy check and builds no observation.
  const observe = options.onObservation;
  /** `server.address` / `server.port` of the base URL, parsed on the first traced call. */
  let server: ReturnType<typeof serverOf> | undefined;

  function request<T = unknown>(req: AttioRequest<T>): Promise<T> {
    // Untraced (no subscriber on any channel): no context object is built, the loop runs as before.
    if (
      !callChannel.hasSubscribers &&
      !attemptChannel.hasSubscribers &&
      !waitChannel.hasSubscribers
    ) {
      return run(req, undefined);
    }
    let call: AttioCallTrace;
    try {
      const method = req.method.toUpperCase();
      // A relative path (the query is separate); cut anything after ? or # a caller put in it anyway.
      const path = req.path.split(/[?#]/, 1)[0] ?? '';
      server ??= serverOf(new URL(baseUrl));
      call = {
        method,
        urlTemplate: urlTemplateFor(method, path),
        urlFull: baseUrl + path,
        ...server,
        workspaceId,
        attempts: 0,
      };
    } catch {
      // A malformed request rejects, as it does untraced (run() reports it).
      return run(req, undefined);
    }
    if (!callChannel.hasSubscribers) return run(req, call);
    return callChannel.tracePromise(run<T>, call, undefined, req, call);
  }

  async function run<T>(req: AttioRequest<T>, call: AttioCallTrace | undefined): Promise<T> {
    const method = req.method.toUpperCase();
    const url = buildUrl(baseUrl, req.path, req.query);
    const kind = isReadRequest(method, req.path) ? 'read' : 'write';
    const signal = req.signal;
    for (let attempt = 1; ; attempt += 1) {
      if (signal?.aborted) throw callerAbort(signal.reason, method, url);
      let grant: RateGrant | undefined;
      let release: (() => void) | undefined;
      try {
        // Pause before the budget so a 429 pause does not burn slots; re-check after queuing.
        const before = pauseActive();
        if (before === true || (before !== false && (await before))) {
          await timedPause(call, attempt, signal);
        }
        const queued = call ? now() : 0;
        grant = await budget.acquire(budgetKey, kind, signal);
        if (options.throttle) release = await options.throttle.acquire(signal);
        if (call) publishWait(call, 'throttle', attempt, now() - queued);
        const after = pauseActive();
        if (after === true || (after !== false && (await after))) {
          await timedPause(call, attempt, signal);
        }
      } catch (err) {
        grant?.release();
        release?.();
        throw callerAbort(err, method, url);
      }
      try {
        const attemptOf = { method, url, path: req.path, req, attempt };
        const result = call
          ? await sendTraced<T>(ctx, call, attemptOf)
          : await sendOnce<T>(ctx, attemptOf);
        grant.release();
        release?.();
        if (observe) notify(observe, { kind: 'success', status: 200, at: now(), workspaceId });
        return result;
      } catch (err) {
        // The attempt is over (answered or failed): its slot frees one window from now.
        grant.release();
        release?.();
        const decision = decideRetry({
          attempt,
          method,
          error: err,
          options: retry,
        });
        if (!decision.retry) {
          if (observe) {
            const seen = observationOfError(err, now(), workspaceId);
            if (seen) notify(observe, seen);
          }
          throw err;
        }
        const e = err as AttioError;
        logger?.warn(
          {
            method,
            path: req.path,
            status: e.status,
            code: e.code,
            attempt,
            delayMs: decision.delayMs,
            sharedPause: decision.sharedPause,
          },
          `attio request will be retried: ${decision.reason}`,
        );
        if (decision.sharedPause) {
          await budget.pause(budgetKey, now() + decision.delayMs);
        } else {
          const started = call ? now() : 0;
          try {
            await sleep(decision.delayMs, signal);
          } catch (sleepErr) {
            throw callerAbort(sleepErr, method, url);
          }
          if (call) publishWait(call, 'retry_backoff', attempt + 1, now() - started);
        }
      }
    }
  }

  async function timedPause(
    call: AttioCallTrace | undefined,
    attempt: number,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const started = call ? now() : 0;
    await waitOutPause(signal);
    if (call) publishWait(call, 'rate_limited_pause', attempt, now() - started);
  }

  const client: AttioClient = {
    baseUrl,
    request,
    get: (path, o) => request({ ...o, method: 'GET', path }),
    delete: (path, o) => request({ ...o, method: 'DELETE', path }),
    post: (path, body, o) => request({ ...o, method: 'POST', path, body }),
    put: (path, body, o) => request({ ...o, method: 'PUT', path, body }),
    patch: (path, body, o) => request({ ...o, method: 'PATCH', path, body }),
    self: async (o) => {
      const me = parseSelfResponse(
        await request({ method: 'GET', path: '/v2/self', signal: o?.signal }),
      );
      // The call succeeded (reported as such above), but an inactive token is a failure to the store.
      if (observe && !me.active)
        notify(observe, { kind: 'inactive', status: 200, at: now(), workspaceId });
      return me;
    },
    listObjects: async (o) =>
      parseObjects(
        await request({
          method: 'GET',
          path: '/v2/objects',
          signal: o?.signal,
        }),
      ),
    listWorkspaceMembers: async (o) =>
      parseWorkspaceMembers(
        await request({
          method: 'GET',
          path: '/v2/workspace_members',
          signal: o?.signal,
        }),
      ),
    paginateOffset: (o) => paginateOffset(request, o),
    paginateCursor: (o) => paginateCursor(request, o),
  };
  return client;
}
