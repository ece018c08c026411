import { z } from 'zod';

/**
 * Options of {@link httpUrl}; the defaults fit endpoints and redirect targets.
 *
 * @example
 * ```ts
 * const forBaseUrls: HttpUrlOptions = { allowQuery: false };
 * ```
 */
export interface HttpUrlOptions {
  /**
   * Whether a `?query` is allowed (default true). Turn it off for base URLs that paths are appended
   * to, where a query would end up in the middle of every request URL.
   */
  readonly allowQuery?: boolean;
}

const EXAMPLE = 'https://api.example.com';

/**
 * Why `value` is not an acceptable URL variable, as a message that says what to write instead, or
 * undefined when it is. The value itself is never repeated: it may hold a password.
 */
function urlProblem(value: string, allowQuery: boolean): string | undefined {
  if (!URL.canParse(value)) {
    return `must be an absolute http(s) URL with a host, e.g. ${EXAMPLE}`;
  }
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `must start with https:// or http:// (not ${url.protocol}//), e.g. ${EXAMPLE}`;
  }
  if (url.username !== '' || url.password !== '') {
    return 'must not contain user:password@; give credentials in their own variable';
  }
  // `https://host/#` parses with an empty hash, so look at the text as well.
  if (url.hash !== '' || value.includes('#')) {
    return 'must not contain a #fragment (it is never sent to a server); remove it';
  }
  if (!allowQuery && (url.search !== '' || value.includes('?'))) {
    return 'must not contain a ?query (paths are appended to it); remove it';
  }
  return undefined;
}

/** Trailing slashes go, so `${base}/v2/self` never doubles one; a query is left exactly as written. */
function dropTrailingSlashes(value: string): string {
  return value.includes('?') ? value : value.replace(/\/+$/, '');
}

/**
 * The one zod schema for URL variables: an absolute `http:` or `https:` URL, surrounding blanks
 * trimmed, without `user:password@` and without a `#fragment`; trailing slashes are dropped (unless
 * there is a query). Every rejection says what to write. Chain `.optional()`, `.default()` and
 * `.describe()` as with any zod schema.
 *
 * @example
 * ```ts
 * const schema = z.object({
 *   ATTIO_API_BASE_URL: httpUrl({ allowQuery: false }).default('https://api.attio.com'),
 *   POST_INSTALL_URL: httpUrl().optional(),
 * });
 * schema.parse({ ATTIO_API_BASE_URL: ' https://api.attio.com/ ' }).ATTIO_API_BASE_URL;
 * // 'https://api.attio.com'
 * ```
 */
export function httpUrl(options: HttpUrlOptions = {}) {
  const allowQuery = options.allowQuery ?? true;
  return z
    .string({ message: `must be an absolute http(s) URL, e.g. ${EXAMPLE}` })
    .trim()
    .superRefine((value, ctx) => {
      const message = urlProblem(value, allowQuery);
      if (message !== undefined) ctx.addIssue({ code: 'custom', message, input: value });
    })
    .transform(dropTrailingSlashes);
}
