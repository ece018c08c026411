/**
 * The instrumentation scope the spans are reported under. The version is kept in step with package.json by
 * tracer-name.spec.ts (importing JSON is not portable across the ESM and Jest module systems).
 *
 * @example
 * ```ts
 * provider.getTracer(TRACER_NAME, TRACER_VERSION);
 * ```
 */
export const TRACER_NAME = '@attio-auth/attio-otel';

/** @example `console.log(TRACER_VERSION);` */
export const TRACER_VERSION = '0.0.1';
