import type { InstallFailure } from '../failures/install-failure.js';
import { html, page, raw, type PageBranding } from './html.js';

/** JSON shape of a failure, for clients that send `Accept: application/json`. */
export interface FailureBody {
  error: {
    code: string;
    title: string;
    cause: string;
    action: string;
    missingScopes?: string[];
    retryAfterSeconds?: number;
    requestId: string;
  };
}

/**
 * The JSON body for a failure.
 *
 * @example
 * ```ts
 * res.status(failure.status).json(failureBody(failure, requestId));
 * ```
 */
export function failureBody(failure: InstallFailure, requestId: string): FailureBody {
  return {
    error: {
      code: failure.code,
      title: failure.title,
      cause: failure.remedy.cause,
      action: failure.remedy.action,
      ...(failure.details.missingScopes
        ? { missingScopes: [...failure.details.missingScopes] }
        : {}),
      ...(failure.details.retryAfterSeconds !== undefined
        ? { retryAfterSeconds: failure.details.retryAfterSeconds }
        : {}),
      requestId,
    },
  };
}

/**
 * The human page for a failure: what happened, why, what to do, the stable code and the request id
 * (for support), and the missing scopes when that is the problem. Everything is escaped.
 * `installPath` is where "Start the install again" points (under PUBLIC_BASE_URL's path prefix);
 * `null` leaves the button out (ANONYMOUS_INSTALL=false: only a new link helps).
 *
 * @example
 * ```ts
 * res.status(failure.status).type('html').send(failurePage(failure, requestId, '/attio/install', branding));
 * ```
 */
export function failurePage(
  failure: InstallFailure,
  requestId: string,
  installPath: string | null = '/install',
  branding?: PageBranding,
): string {
  const scopes = failure.details.missingScopes;
  const scopeList =
    scopes && scopes.length > 0
      ? html`<h2>Missing scopes</h2><ul id="missing-scopes">${raw(
          scopes.map((s) => html`<li><code>${s}</code></li>`.__html).join(''),
        )}</ul>`
      : raw('');
  return page({
    title: failure.title,
    kind: 'fail',
    branding,
    body: html`<h1>${failure.title}</h1>
<dl><dt>What happened</dt><dd id="cause">${failure.remedy.cause}</dd>
<dt>What to do</dt><dd id="action">${failure.remedy.action}</dd></dl>
${scopeList}
${installPath === null ? raw('') : html`<a class="button" href="${installPath}">Start the install again</a>`}
<p class="meta">Error code <code id="error-code">${failure.code}</code> · request id <code>${requestId}</code></p>`,
  });
}
