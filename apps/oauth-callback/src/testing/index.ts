export { parseConsentForm, type ConsentForm } from './consent-form.js';
export { CookieJar } from './cookie-jar.js';
export {
  beginInstall,
  followCallback,
  openConsent,
  runInstall,
  submitConsent,
  type HttpResult,
} from './install-driver.js';
