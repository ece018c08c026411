import type { OAuthOptions } from '../cli/args.js';
import { fail, pass, skip, type CheckResult } from '../checks/check-result.js';
import {
  ConfigError,
  DEFAULT_TOKEN_URL,
  describeConfigError,
  isHttpUrl,
  loadConfig,
  type Config,
} from '../config.js';
import { readAllText, type CliIo } from '../io.js';
import { emptyOAuthReport, type OAuthReport } from '../output/report.js';
import type { SecretMask } from '../output/secret-mask.js';
import { loadEnvSources } from '../token/env-sources.js';
import { tokenShapeProblems } from '../token/token-shape.js';
import { bogusCodeProbe } from './bogus-code-probe.js';
import { isLoopback, redirectUriProblems } from './redirect-uri.js';

/**
 * `attio-verify oauth`: is the OAuth app configured so that an install can succeed? Three checks,
 * none of which needs a user: credentials present and well-formed, redirect URIs well-formed, and
 * the credentials accepted by the token endpoint (the bogus-code probe).
 */
export async function runOAuth(
  options: OAuthOptions,
  io: CliIo,
  mask: SecretMask,
): Promise<OAuthReport> {
  const report = emptyOAuthReport();
  let config: Config;
  try {
    config = loadConfig((await loadEnvSources(io)).merged(), 'oauth');
  } catch (error) {
    // A ./.env that cannot be read or parsed is a ConfigError too (app-config's DotEnvError).
    if (!(error instanceof ConfigError)) throw error;
    report.error = { outcome: 'config_error', message: describeConfigError(error) };
    return report;
  }
  if (options.tokenUrl !== undefined && !isHttpUrl(options.tokenUrl)) {
    report.error = {
      outcome: 'usage_error',
      message: `--token-url must be an absolute http(s) URL, e.g. ${DEFAULT_TOKEN_URL}.`,
    };
    return report;
  }
  const tokenUrl = options.tokenUrl ?? config.oauth.tokenUrl ?? DEFAULT_TOKEN_URL;
  const clientId = options.clientId ?? config.oauth.clientId;
  const clientSecret = options.clientSecretStdin
    ? await readAllText(io.stdin)
    : config.oauth.clientSecret;
  mask.add(clientSecret);
  const redirectUris =
    options.redirectUris.length > 0 ? options.redirectUris : configuredRedirectUris(config);
  report.tokenUrl = tokenUrl;
  report.clientId = clientId ?? null;
  report.redirectUris = redirectUris;

  const credentials = credentialsCheck(clientId, clientSecret, options.clientSecretStdin);
  const redirect = redirectCheck(redirectUris);
  let endpoint: CheckResult;
  if (credentials.status === 'fail') {
    endpoint = skip('token_endpoint', 'not run: client id or secret missing or malformed');
  } else {
    endpoint = await bogusCodeProbe({
      tokenUrl,
      clientId: clientId as string,
      clientSecret: clientSecret as string,
      redirectUri: redirectUris.find((u) => redirectUriProblems(u).length === 0),
      fetch: io.fetch,
      timeoutMs: options.timeoutMs,
    });
  }
  report.checks = [credentials, redirect, endpoint];
  return report;
}

function credentialsCheck(
  clientId: string | undefined,
  clientSecret: string | undefined,
  fromStdin: boolean,
): CheckResult {
  const secretName = fromStdin ? 'the client secret from standard input' : 'ATTIO_CLIENT_SECRET';
  const missing = [
    clientId === undefined ? 'client id (--client-id or ATTIO_CLIENT_ID)' : undefined,
    clientSecret === undefined || clientSecret === ''
      ? `client secret (${fromStdin ? 'standard input was empty' : '--client-secret-stdin or ATTIO_CLIENT_SECRET'})`
      : undefined,
  ].filter((m): m is string => m !== undefined);
  const remedy = {
    cause: 'attio-verify oauth needs the credentials the OAuth callback service uses.',
    action:
      "Copy them from the app's page in Attio's developer dashboard into .env (ATTIO_CLIENT_ID, ATTIO_CLIENT_SECRET).",
  };
  if (missing.length > 0)
    return fail('credentials', 'config_error', `missing ${missing.join(' and ')}`, { remedy });
  const problems = [
    ...tokenShapeProblems(clientId as string, 'the client id'),
    ...tokenShapeProblems(
      clientSecret as string,
      secretName === 'ATTIO_CLIENT_SECRET' ? 'the client secret' : secretName,
    ),
  ];
  if (problems.length > 0) {
    return fail('credentials', 'config_error', problems.map((p) => p.message).join('; '), {
      remedy: {
        cause: 'A pasted value carries extra characters.',
        action: [...new Set(problems.map((p) => p.fix))].join(' '),
      },
    });
  }
  return pass(
    'credentials',
    `client id and secret present (secret: ${(clientSecret as string).length} characters)`,
  );
}

function redirectCheck(uris: readonly string[]): CheckResult {
  const remedy = {
    cause: 'Attio redirects back only to a redirect URI registered for the app, compared exactly.',
    action:
      'Set OAUTH_REDIRECT_URI (or PUBLIC_BASE_URL) to the https URL of your /oauth/callback (http only on localhost) and register the same value in Attio.',
  };
  if (uris.length === 0)
    return fail(
      'redirect_uri',
      'config_error',
      'no redirect URI (--redirect-uri, OAUTH_REDIRECT_URI or PUBLIC_BASE_URL)',
      { remedy },
    );
  const bad = uris.flatMap((uri) => redirectUriProblems(uri).map((p) => `${uri} ${p}`));
  if (bad.length > 0)
    return fail('redirect_uri', 'config_error', bad[0] as string, {
      details: bad.slice(1),
      remedy,
    });
  const kinds = uris.map((u) => `${u} (${isLoopback(u) ? 'local development' : 'https'})`);
  return pass(
    'redirect_uri',
    uris.length === 1 ? 'well-formed' : `${uris.length} well-formed`,
    kinds,
  );
}

/** OAUTH_REDIRECT_URI (comma-separated), else what the callback service derives: PUBLIC_BASE_URL + /oauth/callback. */
function configuredRedirectUris(config: Config): string[] {
  if (config.oauth.redirectUri !== undefined) {
    return config.oauth.redirectUri
      .split(',')
      .map((u) => u.trim())
      .filter((u) => u !== '');
  }
  return config.oauth.publicBaseUrl !== undefined
    ? [`${config.oauth.publicBaseUrl}/oauth/callback`]
    : [];
}
