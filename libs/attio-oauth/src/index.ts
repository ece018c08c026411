export { buildAuthorizeUrl, type AuthorizeUrlOptions } from './authorize-url.js';
export {
  completeInstall,
  type CompleteInstallOptions,
  type InstallResult,
} from './complete-install.js';
export {
  DEFAULT_EXCHANGE_TIMEOUT_MS,
  exchangeCode,
  type ExchangeCodeOptions,
} from './exchange-code.js';
export { cookieExpiry, createInstallCookie, type InstallCookie } from './install-cookie.js';
export { codeChallengeFor, createPkcePair, type PkcePair } from './pkce.js';
export { constantTimeEqual, randomToken, sha256Base64Url } from './random-token.js';
export {
  createState,
  createStateBinding,
  hashStateBinding,
  verifyStateBinding,
  type StateBinding,
} from './state.js';
export { parseTokenResponse, type TokenResponse } from './token-response.js';
