export { CookieJar } from './cookie-jar.js';
export { installCookieName } from '../install/install-cookie.js';
export { beginInstall, followCallback, runInstall, type HttpResult } from './install-driver.js';
export {
  startCallbackHarness,
  type CallbackHarness,
  type CallbackHarnessOptions,
  type SandboxLike,
} from './callback-harness.js';
export {
  describeDatabase,
  freshDatabase,
  postgresReachable,
  storeDrivers,
  TEST_DATABASE_URL,
  type TestDatabase,
} from './test-databases.js';
export { startIdentityProvider, type TestIdentityProvider } from './identity-provider.js';
export { consoleSessionCookie } from './console-session-cookie.js';
