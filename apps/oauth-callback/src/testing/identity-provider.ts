import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** A real OpenID provider in a child process (see `oidc-provider-process.mjs`). */
export interface TestIdentityProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Registers the console's redirect URI as the one client's, and waits until the provider serves. */
  register(redirectUri: string): Promise<void>;
  close(): Promise<void>;
}

// Run under Jest (CommonJS), where __dirname is this folder.
const SCRIPT = resolve(__dirname, 'oidc-provider-process.mjs');

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
  const child: ChildProcess = spawn(process.execPath, [SCRIPT], {
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'test',
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
    },
    stdio: ['pipe', 'pipe', 'inherit'],
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
