/**
 * The real OpenTelemetry SDK with an in-memory exporter, for tests that assert span trees: a Node tracer
 * provider (registered, so the AsyncLocalStorage context manager carries active spans across awaits),
 * subscribed to attio-core's channels.
 */
import { context, propagation, trace, type TracerProvider } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

import { subscribeAttioTracing } from '../subscribe-attio-tracing.js';

/**
 * A span and its children, by name: what a span-tree assertion compares.
 *
 * @example
 * ```ts
 * const tree: SpanNode = { name: 'attio GET /v2/self', children: [{ name: 'GET /v2/self', children: [] }] };
 * ```
 */
export interface SpanNode {
  readonly name: string;
  readonly children: readonly SpanNode[];
}

/**
 * What {@link startInMemoryTracing} returns.
 *
 * @example
 * ```ts
 * const tracing: InMemoryTracing = startInMemoryTracing();
 * ```
 */
export interface InMemoryTracing {
  readonly tracerProvider: TracerProvider;
  /** Finished spans, in the order they ended. */
  spans(): ReadableSpan[];
  /** The finished spans as trees (roots: spans whose parent is not among them), children in start order. */
  trees(): SpanNode[];
  /** Unsubscribes, shuts the provider down and unregisters the globals. */
  close(): Promise<void>;
}

/**
 * Starts the in-memory SDK; call `close()` after each test.
 *
 * @example
 * ```ts
 * const tracing = startInMemoryTracing();
 * await client.self();
 * expect(tracing.trees()).toEqual([{ name: 'attio GET /v2/self', children: [{ name: 'GET /v2/self', children: [] }] }]);
 * await tracing.close();
 * ```
 */
export function startInMemoryTracing(
  options: { readonly propagateTraceparent?: boolean } = {},
): InMemoryTracing {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register();
  const unsubscribe = subscribeAttioTracing({
    tracerProvider: provider,
    propagateTraceparent: options.propagateTraceparent === true,
  });
  const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
  return {
    tracerProvider: provider,
    spans,
    trees: () => treesOf(spans()),
    async close() {
      unsubscribe();
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

function treesOf(spans: readonly ReadableSpan[]): SpanNode[] {
  const byStart = [...spans].sort((a, b) => compareTime(a.startTime, b.startTime));
  const ids = new Set(byStart.map((s) => s.spanContext().spanId));
  const node = (span: ReadableSpan): SpanNode => ({
    name: span.name,
    children: byStart
      .filter((c) => c.parentSpanContext?.spanId === span.spanContext().spanId)
      .map(node),
  });
  return byStart
    .filter((s) => s.parentSpanContext === undefined || !ids.has(s.parentSpanContext.spanId))
    .map(node);
}

function compareTime(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}
