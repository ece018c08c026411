/**
 * The apps' OpenTelemetry SDK start-up: a Node tracer provider exporting over OTLP/HTTP (JSON) in batches,
 * registered globally (AsyncLocalStorage context manager, W3C propagator) and subscribed to attio-core's
 * channels. The app reads `OTEL_EXPORTER_OTLP_ENDPOINT` / `OTEL_SERVICE_NAME` and calls this only when an
 * endpoint is set; this lib reads no environment of its own (the OTLP exporter still honours the standard
 * `OTEL_EXPORTER_OTLP_HEADERS` / `_TIMEOUT` variables).
 */
import { context, propagation, trace, type TracerProvider } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

import { subscribeAttioTracing } from './subscribe-attio-tracing.js';

/**
 * Options of {@link startTracing}.
 *
 * @example
 * ```ts
 * const options: StartTracingOptions = { serviceName: 'attio-oauth-callback', endpoint: 'http://127.0.0.1:4318' };
 * ```
 */
export interface StartTracingOptions {
  /** `service.name` of every span (`OTEL_SERVICE_NAME`). */
  readonly serviceName: string;
  /**
   * The OTLP/HTTP base endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`, e.g. `http://collector:4318`); spans are
   * posted to `<endpoint>/v1/traces`, as the OTLP exporter specification says for the base variable.
   */
  readonly endpoint: string;
  readonly serviceVersion?: string;
  /** Send W3C `traceparent` to Attio (see `subscribeAttioTracing`); default `false`. */
  readonly propagateTraceparent?: boolean;
}

/**
 * What {@link startTracing} returns: the provider, and `shutdown()` that flushes the spans still buffered,
 * unsubscribes and unregisters the globals.
 *
 * @example
 * ```ts
 * process.once('SIGTERM', () => void tracing.shutdown());
 * ```
 */
export interface TracingHandle {
  readonly tracerProvider: TracerProvider;
  shutdown(): Promise<void>;
}

/**
 * `<endpoint>/v1/traces`, with exactly one slash between (OTLP exporter spec, "Endpoint URLs for OTLP/HTTP").
 *
 * @example
 * ```ts
 * tracesUrlOf('http://collector:4318/'); // → 'http://collector:4318/v1/traces'
 * ```
 */
export function tracesUrlOf(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * Starts the SDK and returns its handle; call `shutdown()` on exit or the last batch is lost.
 *
 * @example
 * ```ts
 * const tracing = config.otel.endpoint
 *   ? startTracing({ serviceName: config.otel.serviceName, endpoint: config.otel.endpoint })
 *   : undefined;
 * // …
 * await tracing?.shutdown();
 * ```
 */
export function startTracing(options: StartTracingOptions): TracingHandle {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}),
    }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrlOf(options.endpoint) })),
    ],
  });
  provider.register();
  const unsubscribe = subscribeAttioTracing({
    tracerProvider: provider,
    propagateTraceparent: options.propagateTraceparent === true,
  });
  let stopped: Promise<void> | undefined;
  return {
    tracerProvider: provider,
    shutdown() {
      stopped ??= (async () => {
        unsubscribe();
        try {
          await provider.shutdown();
        } finally {
          trace.disable();
          context.disable();
          propagation.disable();
        }
      })();
      return stopped;
    },
  };
}
