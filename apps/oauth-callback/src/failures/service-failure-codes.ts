/**
 * Failure codes the callback service itself decides (the state checks, a missing code, missing scopes,
 * store problems, request limits); the admin API has its own JSON codes (`routes/admin-errors.ts`).
 * Failures that come from Attio keep their `attio-errors` code (`ATTIO_OAUTH_ACCESS_DENIED`,
 * `ATTIO_OAUTH_INVALID_GRANT`, `ATTIO_CONNECTION`, `ATTIO_TOKEN_INACTIVE`, …) and its remedy from
 * `REMEDIES`. Codes are stable: monitoring and support scripts key on them.
 */
export const ServiceFailureCode = {
  STATE_MISSING: 'INSTALL_STATE_MISSING',
  STATE_UNKNOWN: 'INSTALL_STATE_UNKNOWN',
  STATE_EXPIRED: 'INSTALL_STATE_EXPIRED',
  STATE_REUSED: 'INSTALL_STATE_REUSED',
  STATE_COOKIE_MISMATCH: 'INSTALL_STATE_COOKIE_MISMATCH',
  CODE_MISSING: 'INSTALL_CODE_MISSING',
  QUERY_INVALID: 'INSTALL_QUERY_INVALID',
  SCOPES_MISSING: 'INSTALL_SCOPES_MISSING',
  LINK_REQUIRED: 'INSTALL_LINK_REQUIRED',
  LINK_UNKNOWN: 'INSTALL_LINK_UNKNOWN',
  LINK_EXPIRED: 'INSTALL_LINK_EXPIRED',
  LINK_USED: 'INSTALL_LINK_USED',
  WORKSPACE_MISMATCH: 'INSTALL_WORKSPACE_MISMATCH',
  STORE_UNAVAILABLE: 'INSTALL_STORE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_ERROR',
  RATE_LIMITED: 'RATE_LIMITED',
  NOT_FOUND: 'NOT_FOUND',
  URI_TOO_LONG: 'URI_TOO_LONG',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
} as const;
export type ServiceFailureCode = (typeof ServiceFailureCode)[keyof typeof ServiceFailureCode];

/** HTTP status, page title and remedy of each service failure. */
export interface FailureDescription {
  readonly status: number;
  readonly title: string;
  readonly cause: string;
  readonly action: string;
}

const START_AGAIN = 'Start the install again from the beginning (the "Install with Attio" button).';

export const SERVICE_FAILURES: Readonly<Record<ServiceFailureCode, FailureDescription>> = {
  INSTALL_STATE_MISSING: {
    status: 400,
    title: 'This link is incomplete',
    cause:
      'The callback arrived without the "state" parameter that ties it to an install started here.',
    action: START_AGAIN,
  },
  INSTALL_STATE_UNKNOWN: {
    status: 400,
    title: 'We did not start this install',
    cause: 'The "state" in this link does not belong to any install started on this service.',
    action: `${START_AGAIN} If someone sent you this link, do not use it.`,
  },
  INSTALL_STATE_EXPIRED: {
    status: 400,
    title: 'This install took too long',
    cause:
      'More than the allowed time passed between starting the install and coming back from Attio.',
    action: START_AGAIN,
  },
  INSTALL_STATE_REUSED: {
    status: 409,
    title: 'This link was already used',
    cause:
      'Each install link works once; this one has already been used (for example by reloading the page).',
    action: `If the workspace is not connected yet, ${START_AGAIN.charAt(0).toLowerCase()}${START_AGAIN.slice(1)}`,
  },
  INSTALL_STATE_COOKIE_MISMATCH: {
    status: 400,
    title: 'This install was started in another browser',
    cause:
      'The install cookie set when the install started is missing or does not match, so this browser ' +
      'cannot finish it (cookies blocked, a different browser, or a forwarded link).',
    action: `Allow cookies for this site and ${START_AGAIN.charAt(0).toLowerCase()}${START_AGAIN.slice(1)}`,
  },
  INSTALL_CODE_MISSING: {
    status: 400,
    title: 'Attio sent no authorization code',
    cause: 'The callback had neither an authorization "code" nor an "error" from Attio.',
    action: START_AGAIN,
  },
  INSTALL_QUERY_INVALID: {
    status: 400,
    title: 'This link is malformed',
    cause: 'A parameter of the callback is repeated, empty or too long.',
    action: START_AGAIN,
  },
  INSTALL_SCOPES_MISSING: {
    status: 403,
    title: 'The app is missing permissions',
    cause: 'Attio granted the token fewer scopes than this integration needs.',
    action:
      'Nothing was saved and the access Attio granted has been withdrawn. Contact support: the app ' +
      'needs the permissions listed below before it can be installed.',
  },
  INSTALL_LINK_REQUIRED: {
    status: 403,
    title: 'Installs here need an invitation link',
    cause: 'This service only installs the app from a personal install link.',
    action: 'Ask the person who runs this integration for an install link, then open it.',
  },
  INSTALL_LINK_UNKNOWN: {
    status: 404,
    title: 'This install link does not work',
    cause: 'The link is incomplete or was not made by this service.',
    action:
      'Check that you opened the whole link. If it still does not work, ask for a new install link.',
  },
  INSTALL_LINK_EXPIRED: {
    status: 410,
    title: 'This install link has expired',
    cause: 'Install links only work for a limited time, and this one is past it.',
    action: 'Ask the person who sent it for a new install link.',
  },
  INSTALL_LINK_USED: {
    status: 409,
    title: 'This install link was already used',
    cause: 'Each install link works once, and this one has been opened before.',
    action: 'If the app is not connected yet, ask the person who sent it for a new install link.',
  },
  INSTALL_WORKSPACE_MISMATCH: {
    status: 403,
    title: 'A different workspace was chosen',
    cause:
      'This link reconnects one particular Attio workspace, but another workspace was picked on the ' +
      'Attio page. Nothing was changed, and the access Attio just granted has been withdrawn.',
    action: 'Open a new reconnect link and choose the same workspace as before on the Attio page.',
  },
  INSTALL_STORE_UNAVAILABLE: {
    status: 503,
    title: 'We could not save the connection',
    cause: 'We could not save the connection just now; nothing was saved.',
    action: 'Please try again later. If it keeps failing, contact support.',
  },
  INTERNAL_ERROR: {
    status: 500,
    title: 'Something went wrong on our side',
    cause: 'An unexpected error; nothing was saved.',
    action:
      'Please try again later. If it repeats, contact support and quote the request id below.',
  },
  RATE_LIMITED: {
    status: 429,
    title: 'Too many attempts',
    cause: 'Too many install requests came from your network in a short time.',
    action: 'Wait a minute and try again.',
  },
  NOT_FOUND: {
    status: 404,
    title: 'Page not found',
    cause: 'There is no page at this address.',
    action: 'Start from /install.',
  },
  URI_TOO_LONG: {
    status: 414,
    title: 'Address too long',
    cause: 'The address of this request is longer than this service accepts.',
    action: START_AGAIN,
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    title: 'Request too large',
    cause: 'The request body is larger than this service accepts.',
    action: 'Send a smaller request; no endpoint here needs a large body.',
  },
};
