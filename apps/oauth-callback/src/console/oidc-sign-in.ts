import * as oidc from 'openid-client';

import type { ConsoleClaims } from './console-role.js';
import type { ConsoleConfig } from './console-config.js';

/** What the sign-in keeps between the redirect to the provider and the callback (in a sealed cookie). */
export interface SignInTransaction {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** A console path to land on afterwards (checked to start with the console's own path). */
  readonly returnTo: string;
}

/** The OpenID Connect side of the console: build the authorization URL, redeem the callback. */
export interface OidcSignIn {
  start(returnTo: string): Promise<{ url: string; transaction: SignInTransaction }>;
  /** Redeems the code (PKCE, state and nonce checked by openid-client); throws on any mismatch. */
  finish(callbackUrl: URL, transaction: SignInTransaction): Promise<ConsoleClaims>;
}

/**
 * OpenID Connect authorization code flow with PKCE (RFC 7636, S256), `state` (RFC 6749 §10.12) and
 * `nonce` (OIDC Core §3.1.2.1), through openid-client. Discovery runs on the first sign-in and is
 * retried on the next one when it failed, so a provider that is down at start-up does not stop the
 * service. Claims come from the ID token, completed by userinfo when the ID token lacks the e-mail or
 * the groups (many providers put them there only).
 *
 * Plain http to the issuer is allowed only when `allowInsecure` (loopback tests and demos).
 *
 * @example
 * ```ts
 * const signIn = oidcSignIn(config.admin.console, { allowInsecure: false });
 * const { url, transaction } = await signIn.start('/admin/console');
 * ```
 */
export function oidcSignIn(
  config: ConsoleConfig,
  options: { allowInsecure: boolean; fetch?: typeof fetch; timeoutMs?: number },
): OidcSignIn {
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = (): Promise<oidc.Configuration> => {
    discovered ??= oidc
      .discovery(
        new URL(config.issuer),
        config.clientId,
        { redirect_uris: [config.redirectUri], response_types: ['code'] },
        oidc.ClientSecretPost(config.clientSecret),
        {
          ...(options.allowInsecure ? { execute: [oidc.allowInsecureRequests] } : {}),
          ...(options.fetch ? { [oidc.customFetch]: options.fetch as oidc.CustomFetch } : {}),
          timeout: Math.ceil((options.timeoutMs ?? 10_000) / 1000),
        },
      )
      .catch((err: unknown) => {
        discovered = undefined;
        throw err;
      });
    return discovered;
  };

  return {
    async start(returnTo) {
      const server = await configuration();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const transaction: SignInTransaction = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier,
        returnTo,
      };
      const url = oidc.buildAuthorizationUrl(server, {
        redirect_uri: config.redirectUri,
        scope: 'openid email profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state: transaction.state,
        nonce: transaction.nonce,
      });
      return { url: url.href, transaction };
    },

    async finish(callbackUrl, transaction) {
      const server = await configuration();
      const tokens = await oidc.authorizationCodeGrant(server, callbackUrl, {
        pkceCodeVerifier: transaction.codeVerifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims() as Record<string, unknown> | undefined;
      if (!idClaims) throw new Error('the provider returned no ID token');
      const sub = String(idClaims['sub']);
      let claims: Record<string, unknown> = idClaims;
      if (idClaims['email'] === undefined || idClaims[config.groupsClaim] === undefined) {
        const info = await oidc.fetchUserInfo(server, tokens.access_token, sub);
        claims = { ...info, ...idClaims };
      }
      const groups = claims[config.groupsClaim];
      return {
        sub,
        email: typeof claims['email'] === 'string' ? claims['email'] : undefined,
        emailVerified: claims['email_verified'] === true,
        name: typeof claims['name'] === 'string' ? claims['name'] : undefined,
        groups: Array.isArray(groups) ? groups.filter((g) => typeof g === 'string') : [],
      };
    },
  };
}
