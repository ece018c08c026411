/**
 * The public API of @attio-auth/attio-oauth, listed name by name: everything here is a promise to users.
 * Withheld on purpose: `parseTokenResponse`, the validation inside `exchangeCode` (its result type,
 * `TokenResponse`, is public).
 */
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
export { AttioRevokeError, type RevokeErrorCode } from './revoke-error.js';
export {
  ATTIO_REVOKE_RATE,
  createRevokePacer,
  revokeDuration,
  type RevokePacerOptions,
  type RevokeRate,
} from './revoke-pacer.js';
export {
  DEFAULT_REVOKE_TIMEOUT_MS,
  revokeToken,
  type RevokeResult,
  type RevokeTokenOptions,
} from './revoke-token.js';
export { cookieExpiry, createInstallCookie, type InstallCookie } from './install-cookie.js';
export { codeChallengeFor, createPkcePair, type PkcePair } from './pkce.js';
export { constantTimeEqual, randomToken, sha256Base64Url } from './random-token.js';
export {
  DEFAULT_POST_INSTALL_MAX_AGE_SECONDS,
  MIN_POST_INSTALL_KEY_LENGTH,
  signPostInstallParams,
  verifyPostInstallParams,
  type PostInstallParams,
  type PostInstallRejection,
  type PostInstallVerification,
  type QueryLike,
  type SignPostInstallOptions,
  type VerifyPostInstallOptions,
} from './post-install-signature.js';
export {
  createState,
  createStateBinding,
  hashStateBinding,
  verifyStateBinding,
  type StateBinding,
} from './state.js';
export type { TokenResponse } from './token-response.js';
