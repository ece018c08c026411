/**
 * The public API of @attio-auth/attio-otel, listed name by name: OpenTelemetry spans from attio-core's
 * diagnostics channels, a root-span helper for an app's unit of work, and the apps' SDK start-up.
 * Withheld on purpose: the attribute mapping helpers (their output is the contract, documented in the README).
 */
export { subscribeAttioTracing, type AttioTracingOptions } from './subscribe-attio-tracing.js';
export { inRootSpan, markSpanFailed, type RootSpanOptions } from './in-root-span.js';
/** Re-exported so apps can type an injected provider without depending on `@opentelemetry/api` themselves. */
export type { Span, TracerProvider } from '@opentelemetry/api';
export {
  startTracing,
  tracesUrlOf,
  type StartTracingOptions,
  type TracingHandle,
} from './start-tracing.js';
export { TRACER_NAME, TRACER_VERSION } from './tracer-name.js';
