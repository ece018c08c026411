/**
 * Hosts the sandbox in a child process for the soak suite, so the sandbox's own growing state
 * (every install issues a token it remembers) is not counted in the measured process's RSS.
 * Protocol over IPC: the parent sends `{ op: 'redirect', uri }`, gets `{ ok: true }`; on start the
 * child sends `{ urls, fixtures, workspaceIds }`; it stops when the parent disconnects.
 */
import { startSandbox } from '@attio-auth/attio-sandbox';

/** Workspaces the soak's installs rotate over (re-installs replace the token). */
export const SOAK_WORKSPACES = 40;

/** The first message the host sends. */
export interface SandboxHostHello {
  readonly urls: { api: string; oauth: string; admin: string };
  readonly fixtures: { oauthApp: { clientId: string; clientSecret: string } };
  readonly workspaceIds: string[];
}

if (process.send) {
  const sandbox = await startSandbox({});
  const workspaceIds = Array.from(
    { length: SOAK_WORKSPACES },
    (_, i) => sandbox.admin.createWorkspace({ name: `Soak ${i}`, slug: `soak-${i}` }).id,
  );
  process.on('message', (m: { op: 'redirect'; uri: string }) => {
    if (m.op === 'redirect')
      sandbox.admin.addRedirectUri(sandbox.fixtures.oauthApp.clientId, m.uri);
    process.send?.({ ok: true });
  });
  process.on('disconnect', () => void sandbox.close().then(() => process.exit(0)));
  const hello: SandboxHostHello = {
    urls: sandbox.urls,
    fixtures: { oauthApp: sandbox.fixtures.oauthApp },
    workspaceIds,
  };
  process.send(hello);
}
