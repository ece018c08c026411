import { isAttioError, remedyFor, type AttioError, type ErrorCode } from '@attio-auth/attio-errors';

import { SERVICE_FAILURES, ServiceFailureCode } from './service-failure-codes.js';

/** A failure shown to the user: stable code, HTTP status, human title, remedy and safe details. */
export class InstallFailure extends Error {
  override readonly name = 'InstallFailure';

  constructor(
    readonly code: string,
    readonly status: number,
    readonly title: string,
    readonly remedy: { readonly cause: string; readonly action: string },
    /** Safe to show: scope names, never a token, code or secret. */
    readonly details: {
      readonly missingScopes?: readonly string[];
      readonly retryAfterSeconds?: number;
    } = {},
    options?: { cause?: unknown; operatorRemedy?: { cause: string; action: string } },
  ) {
    super(`${code}: ${remedy.cause}`, options?.cause === undefined ? {} : { cause: options.cause });
    this.operatorRemedy = options?.operatorRemedy;
  }

  /**
   * What the operator should know (which setting, which URL): logged, never shown on the page, which
   * is written for the person installing.
   */
  readonly operatorRemedy: { readonly cause: string; readonly action: string } | undefined;
}

/**
 * A failure the service decides itself.
 *
 * @example
 * ```ts
 * throw serviceFailure(ServiceFailureCode.STATE_MISSING);
 * ```
 */
export function serviceFailure(
  code: ServiceFailureCode,
  details: InstallFailure['details'] = {},
  cause?: unknown,
): InstallFailure {
  const d = SERVICE_FAILURES[code];
  return new InstallFailure(
    code,
    d.status,
    d.title,
    { cause: d.cause, action: d.action },
    details,
    { cause },
  );
}

/** Titles for the Attio error codes an install can end with. */
const ATTIO_TITLES: Partial<Record<ErrorCode, string>> = {
  ATTIO_OAUTH_ACCESS_DENIED: 'The install was cancelled',
  ATTIO_CONNECTION: 'Attio could not be reached',
  ATTIO_TIMEOUT: 'Attio did not answer in time',
  ATTIO_SERVER_ERROR: 'Attio had a problem',
  ATTIO_RATE_LIMITED: 'Attio is busy',
  ATTIO_TOKEN_INACTIVE: 'Attio issued a token that does not work',
  ATTIO_UNEXPECTED_RESPONSE: 'Attio sent an answer we could not use',
};

/** The user-facing text of an Attio code: the person installing cannot fix any of these. */
const DECLINED = {
  cause: "You chose not to allow access on Attio's page, so nothing was installed.",
  action: 'If that was a mistake, start the install again and choose Allow.',
};
const TRY_LATER = {
  cause: 'The install could not be finished just now; nothing was saved.',
  action:
    'Please try again later. If it keeps happening, contact support and quote the request id.',
};

/**
 * Maps an error from `attio-oauth`/`attio-core` to the page the user sees. Attio's code is kept;
 * the page says what the person installing can do ("try again later", "contact support"), and
 * Attio's remedy for the operator (`REMEDIES` in `attio-errors`) goes to `operatorRemedy`, which
 * the service logs. Anything else is an internal error without details.
 *
 * @example
 * ```ts
 * catch (err) { throw failureFromError(err); }
 * ```
 */
export function failureFromError(err: unknown): InstallFailure {
  if (err instanceof InstallFailure) return err;
  if (!isAttioError(err)) return serviceFailure(ServiceFailureCode.INTERNAL, {}, err);
  const attio = err as AttioError;
  const code = attio.code;
  const remedy = attio.remedy ?? remedyFor(code);
  const title =
    ATTIO_TITLES[code] ??
    (code.startsWith('ATTIO_OAUTH_') ? 'Attio refused the install' : 'The install failed');
  const shown = code === 'ATTIO_OAUTH_ACCESS_DENIED' ? DECLINED : TRY_LATER;
  return new InstallFailure(
    code,
    statusFor(code),
    title,
    shown,
    {},
    { cause: err, operatorRemedy: remedy },
  );
}

function statusFor(code: ErrorCode): number {
  if (code === 'ATTIO_OAUTH_ACCESS_DENIED') return 403;
  if (code === 'ATTIO_TIMEOUT') return 504;
  if (
    code === 'ATTIO_CONNECTION' ||
    code === 'ATTIO_RATE_LIMITED' ||
    code === 'ATTIO_OAUTH_TEMPORARILY_UNAVAILABLE'
  )
    return 503;
  // Everything else Attio answered wrongly or refused: we are a gateway that got a bad upstream answer.
  return 502;
}
