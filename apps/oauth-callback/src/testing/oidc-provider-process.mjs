// A real OpenID provider (panva/oidc-provider) on 127.0.0.1, port 0, for the console's browser tests.
// It runs in its own Node process because oidc-provider is ESM-only and Jest's runtime loads CommonJS.
// Protocol: prints {"issuer"} once listening; reads one JSON line {"redirectUri"} on stdin, then
// registers the client and prints {"ready":true}. Accounts: any login; the claims come from ACCOUNTS
// (unknown logins get a verified e-mail <login>@outsider.test and no group).
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';

import Provider from 'oidc-provider';

const ACCOUNTS = {
  ana: { email: 'ana@example.com', email_verified: true, name: 'Ana Viewer', groups: ['staff'] },
  boss: {
    email: 'boss@example.com',
    email_verified: true,
    name: 'Bo Admin',
    groups: ['staff', 'ops-admins'],
  },
  eve: { email: 'eve@evil.test', email_verified: true, name: 'Eve Outsider', groups: [] },
};

const clientId = process.env.OIDC_CLIENT_ID ?? 'console';
const clientSecret = process.env.OIDC_CLIENT_SECRET ?? 'console-client-secret-for-tests';

let handler;
const server = createServer((req, res) => {
  if (handler) return handler(req, res);
  res.writeHead(503).end();
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
  const lines = createInterface({ input: process.stdin });
  lines.once('line', (line) => {
    const { redirectUri } = JSON.parse(line);
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: [redirectUri],
          response_types: ['code'],
          grant_types: ['authorization_code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
      // Claims of the requested scopes go into the ID token too, as Okta/Entra can be set up to do.
      conformIdTokenClaims: false,
      cookies: { keys: ['test-only-cookie-key-0123456789abcdef'] },
      findAccount: (_ctx, id) => ({
        accountId: id,
        claims: () => ({
          sub: id,
          ...(ACCOUNTS[id] ?? {
            email: `${id}@outsider.test`,
            email_verified: true,
            name: id,
            groups: [],
          }),
        }),
      }),
    });
    provider.on('server_error', (_ctx, err) =>
      process.stderr.write(`oidc-provider: ${err.stack}\n`),
    );
    handler = provider.callback();
    process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  });
  // The test process went away: go with it.
  lines.once('close', () => server.close(() => process.exit(0)));
});
