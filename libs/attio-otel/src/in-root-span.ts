/**
 * The apps' unit of work as one trace: an install, a health round. Every Attio call made inside `fn` (through
 * attio-core, with {@link subscribeAttioTracing} on) becomes a descendant of this span.
 */
import {
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type TracerProvider,
} from '@opentelemetry/api';

import { errorTypeOf } from './span-attributes.js';
import { TRACER_NAME, TRACER_VERSION } from './tracer-name.js';

/**
 * Options of {@link inRootSpan}.
 *
 * @example
 * ```ts
 * const options: RootSpanOptions = { attributes: { 'attio.workspace_id': id } };
 * ```
 */
export interface RootSpanOptions {
  /** Default: the globally registered provider (a no-op until `startTracing` or another SDK registers one). */
  readonly tracerProvider?: TracerProvider;
  readonly attributes?: Attributes;
}

/**
 * Runs `fn` inside a new active INTERNAL span named `name` and ends it when `fn` settles; a rejection marks
 * the span as an error with `error.type` (the error's stable code, never its message) and is rethrown.
 * Needs a context manager (`startTracing` registers Node's AsyncLocalStorage one) for children to find it.
 *
 * @example
 * ```ts
 * const outcome = await inRootSpan('attio-auth health round', async (span) => {
 *   const summary = await runRound();
 *   span.setAttribute('attio.checked', summary.checked);
 *   return summary;
 * });
 * ```
 */
export function inRootSpan<T>(
  name: string,
  fn: (span: Span) => Promise<T>,
  options: RootSpanOptions = {},
): Promise<T> {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(
    TRACER_NAME,
    TRACER_VERSION,
  );
  return tracer.startActiveSpan(
    name,
    { kind: SpanKind.INTERNAL, ...(options.attributes ? { attributes: options.attributes } : {}) },
    async (span) => {
      try {
        return await fn(span);
      } catch (error) {
        markSpanFailed(span, errorTypeOf(undefined, error) ?? '_OTHER');
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * Marks a span failed without an exception: `error.type` (a stable, low-cardinality code such as an install
 * failure code) and ERROR status. For units of work that answer a failure instead of throwing.
 *
 * @example
 * ```ts
 * if (outcome !== 'installed') markSpanFailed(span, outcome);
 * ```
 */
export function markSpanFailed(span: Span, errorType: string): void {
  span.setAttribute('error.type', errorType);
  span.setStatus({ code: SpanStatusCode.ERROR, message: errorType });
}
