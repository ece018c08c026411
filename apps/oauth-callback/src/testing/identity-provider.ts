import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** A real OpenID provider (panva/oidc-provider) in a child process on 127.0.0.1:0. */
export interface TestIdentityProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Registers the console's redirect URI as the one client's, and waits until the provider serves. */
  register(redirectUri: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The provider's process, run with `node --input-type=module -e` (oidc-provider is ESM-only, and Jest's
 * runtime loads CommonJS; a string also needs no file path, which differs between Jest and the suites).
 * Protocol: prints {"issuer"} once listening; reads one JSON line {"redirectUri"} on stdin, registers the
 * client and prints {"ready":true}; exits when stdin closes. Any login works; the claims of `ana`,
 * `boss` and `eve` are fixed, other logins get a verified <login>@outsider.test and no group.
 */
const SCRIPT = String.raw`
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import Provider from 'oidc-provider';

const ACCOUNTS = {
  ana: { email: 'ana@example.com', email_verified: true, name: 'Ana Viewer', groups: ['staff'] },
  boss: { email: 'boss@example.com', email_verified: true, name: 'Bo Admin', groups: ['staff', 'ops-admins'] },
  eve: { email: 'eve@evil.test', email_verified: true, name: 'Eve Outsider', groups: [] },
};
let handler;
const server = createServer((req, res) => (handler ? handler(req, res) : res.writeHead(503).end()));
server.listen(0, '127.0.0.1', () => {
  const issuer = 'http://127.0.0.1:' + server.address().port;
  process.stdout.write(JSON.stringify({ issuer }) + '\n');
  const lines = createInterface({ input: process.stdin });
  lines.once('line', (line) => {
    const { redirectUri } = JSON.parse(line);
    const provider = new Provider(issuer, {
      clients: [{
        client_id: process.env.OIDC_CLIENT_ID,
        client_secret: process.env.OIDC_CLIENT_SECRET,
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      }],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
      // Claims of the requested scopes go into the ID token too, as Okta or Entra can be set up to do.
      conformIdTokenClaims: false,
      cookies: { keys: ['test-only-cookie-key-0123456789abcdef'] },
      findAccount: (_ctx, id) => ({
        accountId: id,
        claims: () => ({ sub: id, ...(ACCOUNTS[id] ?? { email: id + '@outsider.test', email_verified: true, name: id, groups: [] }) }),
      }),
    });
    provider.on('server_error', (_ctx, err) => process.stderr.write('oidc-provider: ' + err.stack + '\n'));
    handler = provider.callback();
    process.stdout.write(JSON.stringify({ ready: true }) + '\n');
  });
  lines.once('close', () => server.close(() => process.exit(0)));
});
`;

/**
 * Starts oidc-provider on 127.0.0.1:0 with three accounts: `ana` (viewer: example.com, group staff),
 * `boss` (admin: group ops-admins) and `eve` (an outside domain). Any password works (dev interactions).
 *
 * @example
 * ```ts
 * const idp = await startIdentityProvider();
 * const service = await startCallbackHarness({ sandbox, env: idp.consoleEnv() });
 * await idp.register(service.config.admin.console!.redirectUri);
 * ```
 */
export async function startIdentityProvider(): Promise<
  TestIdentityProvider & { consoleEnv(): Record<string, string> }
> {
  const clientId = 'console';
  const clientSecret = 'console-client-secret-for-tests';
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'test',
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // Its start-up warnings (dev keys, in-memory adapter, dev interactions, Node 20) are expected here.
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
    if (!line.startsWith('oidc-provider WARNING')) process.stderr.write(`${line}\n`);
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const next = async (): Promise<Record<string, unknown>> => {
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`oidc-provider exited with ${String(code)}`);
    });
    const [line] = (await Promise.race([once(lines, 'line'), exited])) as [string];
    return JSON.parse(line) as Record<string, unknown>;
  };
  const { issuer } = (await next()) as { issuer: string };
  return {
    issuer,
    clientId,
    clientSecret,
    consoleEnv: () => ({
      CONSOLE_OIDC_ISSUER: issuer,
      CONSOLE_OIDC_CLIENT_ID: clientId,
      CONSOLE_OIDC_CLIENT_SECRET: clientSecret,
      CONSOLE_ALLOWED_EMAIL_DOMAINS: 'example.com',
      CONSOLE_ADMIN_GROUPS: 'ops-admins',
    }),
    async register(redirectUri) {
      child.stdin?.write(`${JSON.stringify({ redirectUri })}\n`);
      await next();
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin?.end();
      await exited;
    },
  };
}
