/**
 * Turns attio-core's diagnostics channels into OpenTelemetry spans: one INTERNAL span per logical call, one
 * CLIENT span per physical attempt as its child, one CLIENT span per OAuth token exchange, and span events for
 * throttle waits, 429 pauses and retry backoffs.
 */
import diagnosticsChannel from 'node:diagnostics_channel';

import {
  ATTIO_TRACING_CHANNELS,
  type AttioAttemptTrace,
  type AttioCallTrace,
  type AttioWaitEvent,
} from '@attio-auth/attio-core';
import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Context,
  type Span,
  type TracerProvider,
} from '@opentelemetry/api';

import { endAttributesOf, spanNameOf, startAttributesOf } from './span-attributes.js';
import { TRACER_NAME, TRACER_VERSION } from './tracer-name.js';

/**
 * Options of {@link subscribeAttioTracing}.
 *
 * @example
 * ```ts
 * const options: AttioTracingOptions = { tracerProvider: provider, propagateTraceparent: false };
 * ```
 */
export interface AttioTracingOptions {
  /** Default: the globally registered provider (a no-op until an SDK registers one). */
  readonly tracerProvider?: TracerProvider;
  /**
   * Send a W3C `traceparent` header on each attempt (and token exchange) to Attio. Default `false`: the trace
   * ids of your system stay inside it; turn it on only if Attio support asks for it.
   */
  readonly propagateTraceparent?: boolean;
}

const WAIT_EVENT_NAMES: Record<AttioWaitEvent['kind'], string> = {
  throttle: 'attio.throttle_wait',
  rate_limited_pause: 'attio.rate_limited_pause',
  retry_backoff: 'attio.retry_backoff',
};

/**
 * Subscribes to attio-core's tracing channels and returns the unsubscribe. Spans start in the caller's active
 * context, so wrapping work in an active span (`context.with`, `tracer.startActiveSpan`, {@link inRootSpan})
 * makes every Attio call inside it a child.
 *
 * @example
 * ```ts
 * const unsubscribe = subscribeAttioTracing({ tracerProvider: provider });
 * await client.self(); // → span "attio GET /v2/self" with child "GET /v2/self"
 * unsubscribe();
 * ```
 */
export function subscribeAttioTracing(options: AttioTracingOptions = {}): () => void {
  const provider = options.tracerProvider ?? trace.getTracerProvider();
  const tracer = provider.getTracer(TRACER_NAME, TRACER_VERSION);
  const propagate = options.propagateTraceparent === true;
  const spans = new WeakMap<object, Span>();

  const startClientSpan = (t: AttioAttemptTrace, parent: Context): void => {
    const span = tracer.startSpan(
      spanNameOf(t),
      { kind: SpanKind.CLIENT, attributes: startAttributesOf(t) },
      parent,
    );
    spans.set(t, span);
    if (propagate) t.headers.traceparent = traceparentOf(span);
  };
  const endSpan = (t: AttioCallTrace | AttioAttemptTrace): void => {
    const span = spans.get(t);
    if (span === undefined) return;
    spans.delete(t);
    const attributes = endAttributesOf(t);
    span.setAttributes(attributes);
    if (attributes['error.type'] !== undefined) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(attributes['error.type']) });
    }
    span.end();
  };

  // The spans end on asyncEnd (the TracingChannel has set `error` or `result` by then); the other events are
  // not needed, since every traced function is async and never throws synchronously.
  const unused = { end: ignore, asyncStart: ignore, error: ignore };

  const call = diagnosticsChannel.tracingChannel<object, AttioCallTrace>(
    ATTIO_TRACING_CHANNELS.call,
  );
  const callHandlers = {
    ...unused,
    start(c: AttioCallTrace) {
      const span = tracer.startSpan(
        `attio ${spanNameOf(c)}`,
        { kind: SpanKind.INTERNAL, attributes: startAttributesOf(c) },
        context.active(),
      );
      spans.set(c, span);
    },
    asyncEnd(c: AttioCallTrace) {
      spans.get(c)?.setAttribute('attio.attempts', c.attempts);
      endSpan(c);
    },
  };

  const attempt = diagnosticsChannel.tracingChannel<object, AttioAttemptTrace>(
    ATTIO_TRACING_CHANNELS.attempt,
  );
  const attemptHandlers = {
    ...unused,
    start(a: AttioAttemptTrace) {
      const parentSpan = a.call ? spans.get(a.call) : undefined;
      startClientSpan(
        a,
        parentSpan ? trace.setSpan(context.active(), parentSpan) : context.active(),
      );
    },
    asyncEnd: endSpan,
  };

  const oauth = diagnosticsChannel.tracingChannel<object, AttioAttemptTrace>(
    ATTIO_TRACING_CHANNELS.oauthCall,
  );
  const oauthHandlers = {
    ...unused,
    start(a: AttioAttemptTrace) {
      startClientSpan(a, context.active());
    },
    asyncEnd: endSpan,
  };

  const onWait = (message: unknown): void => {
    const w = message as AttioWaitEvent;
    const span = w.call ? spans.get(w.call) : undefined;
    span?.addEvent(WAIT_EVENT_NAMES[w.kind], {
      'attio.wait.duration_ms': w.durationMs,
      'attio.attempt': w.attempt,
    });
  };

  call.subscribe(callHandlers);
  attempt.subscribe(attemptHandlers);
  oauth.subscribe(oauthHandlers);
  diagnosticsChannel.subscribe(ATTIO_TRACING_CHANNELS.wait, onWait);
  return () => {
    call.unsubscribe(callHandlers);
    attempt.unsubscribe(attemptHandlers);
    oauth.unsubscribe(oauthHandlers);
    diagnosticsChannel.unsubscribe(ATTIO_TRACING_CHANNELS.wait, onWait);
  };
}

function ignore(): void {
  // Nothing to do for this event.
}

/** W3C Trace Context `traceparent` (https://www.w3.org/TR/trace-context/#traceparent-header), version 00. */
function traceparentOf(span: Span): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  const sampled = (traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED ? '01' : '00';
  return `00-${traceId}-${spanId}-${sampled}`;
}
