/**
 * The public API of @attio-auth/attio-otel, listed name by name: OpenTelemetry spans from attio-core's
 * diagnostics channels, a root-span helper for an app's unit of work, and the apps' SDK start-up.
 * Withheld on purpose: the attribute mapping helpers (their output is the contract, documented in the README).
 */
export {
  subscribeAttioTracing,
  type AttioTracingOptions,
} from './subscribe-attio-tracing.js';
export { inRootSpan, type RootSpanOptions } from './in-root-span.js';
export {
  startTracing,
  tracesUrlOf,
  type StartTracingOptions,
  type TracingHandle,
} from './start-tracing.js';
export { TRACER_NAME, TRACER_VERSION } from './tracer-name.js';
