/**
 * `@attio-auth/attio-sandbox/testing`: helpers for tests, suites, the demo and benchmarks that drive a
 * running sandbox. Not part of the sandbox's main entry point.
 */
export { sandboxEnv, type SandboxEndpoints } from './sandbox-env.js';
export { approve, openConsent, submitConsent, type ConsentChoice } from './consent.js';
export { parseConsentForm, type ConsentForm } from './consent-form.js';
