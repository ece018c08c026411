/**
 * Scripted installs for the secrets suite, step by step so the authorization code of each one is
 * known (read from the redirect back to the callback), with every answer of our service recorded.
 */
import type { Sandbox } from '@attio-auth/attio-sandbox';
import { openConsent, submitConsent } from '@attio-auth/attio-sandbox/testing';
import { beginInstall, CookieJar, followCallback } from '@attio-auth/oauth-callback/testing';

import type { KnownSecret } from './find-leaks.js';

/** Installs of every kind the service can see; returns the workspaces installed and the known secrets. */
export async function scriptedInstalls(
  sandbox: Sandbox,
  serviceUrl: string,
  recording: typeof fetch,
  label: string,
  successes: number,
): Promise<{ installed: string[]; secrets: KnownSecret[] }> {
  const secrets: KnownSecret[] = [];
  const installed: string[] = [];
  const start = async (workspaceId?: string) => {
    const jar = new CookieJar();
    const form = await openConsent(await beginInstall(serviceUrl, jar, recording));
    return { jar, form, workspaceId };
  };
  const codeOf = (callbackUrl: string, what: string) => {
    const code = new URL(callbackUrl).searchParams.get('code') ?? '';
    secrets.push({ label: `${label} authorization code (${what})`, value: code });
    return code;
  };
  let last: { jar: CookieJar; callbackUrl: string } | undefined;
  for (let i = 0; i < successes; i++) {
    const ws = sandbox.admin.createWorkspace({
      name: `Secrets ${label} ${i}`,
      slug: `secrets-${label}-${i}-${Date.now()}`,
    });
    const { jar, form } = await start();
    const callbackUrl = await submitConsent(form, { decision: 'approve', workspaceId: ws.id });
    codeOf(callbackUrl, `install ${i}`);
    const result = await followCallback(
      callbackUrl,
      jar,
      { accept: i % 2 === 0 ? 'application/json' : 'text/html' },
      recording,
    );
    if (result.status === 200) installed.push(ws.id);
    last = { jar, callbackUrl };
  }
  // The same callback again (a reload): refused as reused.
  if (last) await followCallback(last.callbackUrl, last.jar, {}, recording);
  // Deny on the consent page.
  {
    const { jar, form } = await start();
    await followCallback(await submitConsent(form, { decision: 'deny' }), jar, {}, recording);
  }
  // A code Attio does not know (invalid_grant), with a valid state and cookie.
  {
    const { jar, form } = await start();
    const callbackUrl = new URL(await submitConsent(form, { decision: 'approve' }));
    const forged = `${callbackUrl.searchParams.get('code') ?? ''}Zq9`;
    secrets.push({ label: `${label} authorization code (forged)`, value: forged });
    callbackUrl.searchParams.set('code', forged);
    await followCallback(callbackUrl.toString(), jar, { accept: 'application/json' }, recording);
  }
  // The token endpoint fails (500) after the code was sent to it.
  {
    const { jar, form } = await start();
    const callbackUrl = await submitConsent(form, { decision: 'approve' });
    codeOf(callbackUrl, 'token endpoint 500');
    sandbox.admin.setFaults([{ path: '/oauth/token', status: 500 }]);
    await followCallback(callbackUrl, jar, { accept: 'application/json' }, recording);
    sandbox.admin.clearFaults();
  }
  // /v2/self fails after the exchange: a token was issued but must not be stored or shown.
  {
    const { jar, form } = await start();
    const callbackUrl = await submitConsent(form, { decision: 'approve' });
    codeOf(callbackUrl, '/v2/self 503');
    sandbox.admin.setFaults([{ path: '/v2/self', status: 503 }]);
    await followCallback(callbackUrl, jar, {}, recording);
    sandbox.admin.clearFaults();
  }
  return { installed, secrets };
}
