/**
 * One delivery attempt of one event to one destination, classified for the worker: delivered, retry
 * later (with the receiver's `Retry-After` when it sent one), gone (HTTP 410: the receiver asks us to stop,
 * so the destination is disabled) or refused by the SSRF guard. The worker owns the loop, the outbox and
 * the backoff; this function never throws for a receiver's behaviour and never sleeps.
 *
 * Redirects are not followed (a 3xx is a failed attempt): following one would send the signed body to
 * wherever the receiver points, past the SSRF guard's verdict on the configured URL.
 */
import { parseRetryAfter, terminalSafe } from '@attio-auth/attio-errors';
import { request, type Dispatcher } from 'undici';
import type { Destination } from './destinations.js';
import { describeUrl } from './destinations.js';
import type { EventPayload } from './event-types.js';
import { DestinationRefusedError, type DeliveryAgent } from './guarded-lookup.js';
import { renderSlackText, type SlackRenderOptions } from './slack-render.js';
import {
  checkDestinationUrl,
  checkUrlShape,
  type RefusalReason,
  type SsrfPolicy,
} from './ssrf-guard.js';
import { signWebhook } from './standard-webhooks-sign.js';
import { scrubErrorText } from './scrub-error-text.js';

/** The classified result of one attempt. `error` texts are safe to log and store. */
export type DeliveryOutcome =
  | { readonly kind: 'delivered'; readonly status: number; readonly durationMs: number }
  | {
      readonly kind: 'retry';
      readonly status?: number;
      readonly retryAfterMs?: number;
      readonly error: string;
      readonly durationMs: number;
    }
  | {
      readonly kind: 'gone';
      readonly status: 410;
      readonly error: string;
      readonly durationMs: number;
    }
  | {
      readonly kind: 'refused';
      readonly reason: RefusalReason;
      readonly error: string;
      readonly durationMs: number;
    };

/** How the request travels: the guarded undici agent (default), or an injected `fetch` and a policy. */
export type DeliveryVia =
  | { readonly agent: DeliveryAgent; readonly fetch?: undefined; readonly policy?: undefined }
  | {
      /**
       * Any `fetch`. The URL is checked (with DNS) before the request, but the `fetch` resolves the name
       * again when it connects, so DNS rebinding is not prevented: prefer `agent`.
       */
      readonly fetch: typeof fetch;
      readonly policy: SsrfPolicy;
      readonly agent?: undefined;
    };

/** Input of {@link deliverOnce}. */
export type DeliverOnceOptions = DeliveryVia & {
  readonly destination: Destination;
  readonly event: EventPayload;
  /** The clock, in milliseconds since the epoch (signature timestamp, Retry-After dates, duration). */
  readonly nowMs: () => number;
  /** Time limit for the whole attempt (connect, headers, body). */
  readonly timeoutMs: number;
  readonly userAgent: string;
  /** Options for the Slack text of `slack` destinations. */
  readonly slack?: SlackRenderOptions;
};

/** How much of a response body is read (the rest is discarded with the connection). */
const MAX_BODY_BYTES = 64 * 1024;
const SNIPPET_CHARS = 200;

interface RawResponse {
  status: number;
  retryAfter: string | undefined;
  location: boolean;
  body: string;
}

function buildRequest(options: DeliverOnceOptions, sentAtMs: number) {
  const { destination, event } = options;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': options.userAgent,
  };
  if (destination.kind === 'slack') {
    return { headers, body: JSON.stringify({ text: renderSlackText(event, options.slack) }) };
  }
  const body = JSON.stringify(event);
  const signed = signWebhook({ id: event.id, nowMs: sentAtMs, body, secrets: destination.secrets });
  return { headers: { ...headers, ...signed }, body };
}

async function readLimited(
  chunks: AsyncIterable<Uint8Array>,
  destroy: () => void,
): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      destroy();
      break;
    }
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts).toString('utf8');
}

async function sendWithUndici(
  url: string,
  dispatcher: Dispatcher,
  init: { headers: Record<string, string>; body: string },
  signal: AbortSignal,
  timeoutMs: number,
): Promise<RawResponse> {
  const res = await request(url, {
    method: 'POST',
    headers: init.headers,
    body: init.body,
    signal,
    dispatcher,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const header = (name: string) => {
    const v = res.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const body = await readLimited(res.body, () => res.body.destroy());
  return {
    status: res.statusCode,
    retryAfter: header('retry-after'),
    location: header('location') !== undefined,
    body,
  };
}

async function sendWithFetch(
  url: string,
  fetchImpl: typeof fetch,
  init: { headers: Record<string, string>; body: string },
  signal: AbortSignal,
): Promise<RawResponse> {
  const res = await fetchImpl(url, {
    method: 'POST',
    headers: init.headers,
    body: init.body,
    signal,
    redirect: 'manual',
  });
  const body = res.body
    ? await readLimited(
        res.body as unknown as AsyncIterable<Uint8Array>,
        () => void res.body?.cancel(),
      )
    : '';
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after') ?? undefined,
    location: res.headers.has('location'),
    body,
  };
}

const snippet = (body: string): string => {
  // Line breaks become spaces; other controls show as `\uXXXX`, so a log line stays one honest line.
  const flat = terminalSafe(body.replace(/\s+/g, ' ').trim());
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat;
};

function networkError(err: unknown, timedOut: boolean, timeoutMs: number): string {
  const code =
    (err as { code?: unknown })?.code ?? (err as { cause?: { code?: unknown } })?.cause?.code;
  if (
    timedOut ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return `no response within ${timeoutMs} ms`;
  }
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the receiver running?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found (${code}); check the URL and DNS`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return `connection closed before a response (${code})`;
    default: {
      const name = err instanceof Error ? err.name : 'Error';
      const message = err instanceof Error ? err.message : String(err);
      return `network error (${typeof code === 'string' ? code : name}): ${message.slice(0, SNIPPET_CHARS)}`;
    }
  }
}

function refusalOf(err: unknown): DestinationRefusedError | undefined {
  if (err instanceof DestinationRefusedError) return err;
  const cause = (err as { cause?: unknown })?.cause;
  return cause instanceof DestinationRefusedError ? cause : undefined;
}

/**
 * Sends `event` to `destination` once and classifies the result. `standard` destinations get the JSON
 * event signed with every active secret (Standard Webhooks headers; `webhook-id` is the event id, so a
 * retry carries the same one); `slack` destinations get `{ text }`. No outcome ever holds a secret, and
 * error texts show the destination as scheme and host only.
 *
 * @example
 * ```ts
 * const agent = createDeliveryAgent({ production: true });
 * const outcome = await deliverOnce({ destination, event, agent, nowMs: Date.now, timeoutMs: 10_000, userAgent: 'attio-auth/1.0' });
 * if (outcome.kind === 'retry') scheduleRetry(outcome.retryAfterMs);
 * if (outcome.kind === 'gone') disableDestination(destination.id);
 * ```
 */
export async function deliverOnce(options: DeliverOnceOptions): Promise<DeliveryOutcome> {
  const { destination, timeoutMs } = options;
  const startedAt = options.nowMs();
  const elapsed = () => Math.max(0, options.nowMs() - startedAt);
  const target = `${destination.id} (${describeUrl(destination.url)})`;
  const scrub = (text: string) => scrubErrorText(text, destination);

  const policy = options.agent ? options.agent.policy : options.policy;
  const verdict = options.agent
    ? checkUrlShape(destination.url, policy)
    : await checkDestinationUrl(destination.url, policy);
  if (!verdict.ok) {
    return {
      kind: 'refused',
      reason: verdict.reason,
      error: scrub(`${target}: ${verdict.message}`),
      durationMs: elapsed(),
    };
  }

  const init = buildRequest(options, startedAt);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`No response within ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  let res: RawResponse;
  try {
    res = options.agent
      ? await sendWithUndici(
          destination.url,
          options.agent.dispatcher,
          init,
          controller.signal,
          timeoutMs,
        )
      : await sendWithFetch(destination.url, options.fetch, init, controller.signal);
  } catch (err) {
    const refused = refusalOf(err);
    if (refused) {
      return {
        kind: 'refused',
        reason: refused.reason,
        error: scrub(`${target}: ${refused.message}`),
        durationMs: elapsed(),
      };
    }
    return {
      kind: 'retry',
      error: scrub(`${target}: ${networkError(err, timedOut, timeoutMs)}`),
      durationMs: elapsed(),
    };
  } finally {
    clearTimeout(timer);
  }

  const { status } = res;
  if (status >= 200 && status < 300) return { kind: 'delivered', status, durationMs: elapsed() };
  // Scrub the whole body before cutting it: a cut could split a secret and leave half of it unmasked.
  const detail = snippet(scrub(res.body));
  const said = detail ? `: ${detail}` : '';
  if (status === 410) {
    return {
      kind: 'gone',
      status,
      error: scrub(
        `${target} answered HTTP 410 Gone${said}; the destination is to be disabled until it is reconfigured`,
      ),
      durationMs: elapsed(),
    };
  }
  if (status >= 300 && status < 400) {
    return {
      kind: 'retry',
      status,
      error: scrub(
        `${target} answered HTTP ${status}${res.location ? ' with a redirect' : ''}, which is not followed; configure the final URL`,
      ),
      durationMs: elapsed(),
    };
  }
  const retryAfterMs = parseRetryAfter(res.retryAfter, options.nowMs());
  return {
    kind: 'retry',
    status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    error: scrub(`${target} answered HTTP ${status}${said}`),
    durationMs: elapsed(),
  };
}
