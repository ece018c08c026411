/**
 * `@attio-auth/attio-otel/testing`: the real SDK with an in-memory exporter, shared by the apps' tracing
 * tests so it is not copied. Not part of the library's main entry point.
 */
export { startInMemoryTracing, type InMemoryTracing, type SpanNode } from './in-memory-tracing.js';
