import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS } from './args.js';

/**
 * Help text. Plain strings only: `--help` must not load attio-core or the connection store.
 * The exit-code table here is the same as in the README and in exit-code.ts.
 */
const EXIT_CODES = `Exit codes:
  0   all good (warnings allowed)
  1   token invalid or revoked (oauth: client id/secret refused)
  2   required scopes missing (--require / --for)
  3   could not check: network, timeout, 5xx, rate limited after retries
  64  usage error (bad command line)
  78  configuration error (no token found, bad variable, store unreadable)
  70  internal error (a bug; please report it)`;

/**
 * `attio-verify --help`.
 *
 * @example
 * io.stdout.write(verifyHelp());
 */
export function verifyHelp(): string {
  return `attio-verify: check that an Attio token works, for which workspace, and with which scopes.

Usage:
  attio-verify [verify] [options]
  attio-verify oauth [options]      check an OAuth app's configuration (see: attio-verify help oauth)

Token (first found wins):
  --token <token>          the token itself (visible in shell history and ps; prefer the next ones)
  --token-stdin            read the token from standard input
  ATTIO_API_KEY            environment variable
  ATTIO_API_KEY in ./.env  read with Node's own .env parser
  -w, --workspace <id>     instead: the stored OAuth connection of that workspace
                           (DATABASE_URL or DATA_DIR, TOKEN_ENCRYPTION_KEYS: as the callback service)

Options:
  --base-url <url>         API base URL (default $ATTIO_API_BASE_URL or https://api.attio.com)
  -r, --require <scopes>   scopes the token must have, comma-separated or repeated
  --for <operations>       operations it must be able to call, e.g. "GET /v2/objects,POST /v2/notes"
  --timeout <ms>           per-request timeout (default ${DEFAULT_TIMEOUT_MS})
  --retries <n>            retries on network errors, 5xx and 429 (default ${DEFAULT_RETRIES})
  --json                   print one JSON document (shape in the README) instead of lines
  -q, --quiet              print nothing but errors
  --no-color               no colour (also NO_COLOR=1; colour is only ever used on a terminal)
  -h, --help               this help
  -V, --version            the version

Checks: token shape, reachability, identity (/v2/self), scopes, a live call (list objects),
and .env hygiene (is .env ignored by git?).

${EXIT_CODES}
`;
}

/**
 * `attio-verify oauth --help`.
 *
 * @example
 * io.stdout.write(oauthHelp());
 */
export function oauthHelp(): string {
  return `attio-verify oauth: check an OAuth app's configuration without a user.

Usage:
  attio-verify oauth [options]

Reads (flags win over the environment, the environment over ./.env):
  --client-id <id>          or ATTIO_CLIENT_ID
  --client-secret-stdin     read the client secret from standard input, or ATTIO_CLIENT_SECRET
  --redirect-uri <uri>      or OAUTH_REDIRECT_URI (else $PUBLIC_BASE_URL/oauth/callback);
                            repeat or comma-separate for several
  --token-url <url>         or ATTIO_TOKEN_URL (default https://app.attio.com/oauth/token)

Checks:
  credentials   client id and secret are present and have no stray whitespace or quotes
  redirect_uri  each is absolute, has no fragment, and is https (http only on localhost)
  token         a deliberately bogus code sent to the token URL must be refused
                with invalid_grant (credentials accepted), not invalid_client (wrong id/secret)

Options:
  --timeout <ms>, --json, -q/--quiet, --no-color, -h/--help, -V/--version  as for verify

${EXIT_CODES}
`;
}
