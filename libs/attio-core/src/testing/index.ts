/**
 * `@attio-auth/attio-core/testing`: the fake clock and the scripted HTTP test server the core specs use,
 * shared with other projects' tests so they are not copied. Not part of the library's main entry point.
 */
export { createFakeClock, until, type FakeClock } from './fake-clock.js';
export {
  closedPortUrl,
  json,
  startTestServer,
  type Handler,
  type RecordedRequest,
  type TestServer,
} from './http-test-server.js';
