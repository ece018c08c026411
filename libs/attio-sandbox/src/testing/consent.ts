/**
 * The sandbox's consent step as a script: load the page behind an authorize URL, read its form the way a
 * browser does, submit Approve or Deny, and hand back the URL the sandbox redirected to (the callback with
 * `code` + `state`, or `error` + `state`, RFC 6749 §4.1.2) without following it.
 */
import { parseConsentForm, type ConsentForm } from './consent-form.js';

type Fetch = typeof fetch;

/** What the person on the consent page does. */
export interface ConsentChoice {
  readonly decision: 'approve' | 'deny';
  /** The workspace to grant; default the first one the page lists. */
  readonly workspaceId?: string;
}

async function read(res: Response): Promise<string> {
  return (await res.text()).slice(0, 300);
}

/**
 * Loads the consent page behind `authorizeUrl` and parses its form; throws with the page's status and
 * start when it is not a consent page (e.g. the sandbox's error page for an unknown redirect URI).
 *
 * @example
 * ```ts
 * const form = await openConsent(authorizeUrl);
 * form.select?.options.map((o) => o.label); // ['Acme (acme)', …]
 * ```
 */
export async function openConsent(
  authorizeUrl: string,
  fetchImpl: Fetch = fetch,
): Promise<ConsentForm> {
  const res = await fetchImpl(authorizeUrl, { redirect: 'manual' });
  const body = await res.text();
  if (res.status !== 200) {
    throw new Error(
      `GET ${new URL(authorizeUrl).pathname}: consent page answered ${res.status}: ${body.slice(0, 300)}`,
    );
  }
  return parseConsentForm(body, authorizeUrl);
}

/**
 * Submits the consent form with Approve or Deny (and a workspace, default the first option); returns the
 * URL the authorization server redirected back to, absolute, not followed.
 *
 * @example
 * ```ts
 * const callbackUrl = await submitConsent(form, { decision: 'deny' });
 * new URL(callbackUrl).searchParams.get('error'); // 'access_denied'
 * ```
 */
export async function submitConsent(
  form: ConsentForm,
  choice: ConsentChoice,
  fetchImpl: Fetch = fetch,
): Promise<string> {
  const button = form.buttons.find((b) => b.value === choice.decision);
  if (!button) throw new Error(`The consent form has no "${choice.decision}" button.`);
  const body = new URLSearchParams(form.hidden);
  if (form.select) {
    const value = choice.workspaceId ?? form.select.options[0]?.value;
    if (value === undefined) throw new Error('The consent form lists no workspace to choose.');
    body.set(form.select.name, value);
  }
  body.set(button.name, button.value);
  const res = await fetchImpl(form.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
    redirect: 'manual',
  });
  const target = res.headers.get('location');
  if (res.status < 300 || res.status > 399 || target === null) {
    throw new Error(
      `POST ${new URL(form.action).pathname}: expected a redirect, got ${res.status}: ${await read(res)}`,
    );
  }
  await res.body?.cancel();
  return new URL(target, form.action).toString();
}

/**
 * Approves the consent behind `authorizeUrl` (for `workspaceId`, default the first workspace listed) and
 * returns the callback URL carrying `code` and `state`, without following it.
 *
 * @example
 * ```ts
 * const callbackUrl = new URL(await approve(authorizeUrl));
 * const code = callbackUrl.searchParams.get('code');
 * ```
 */
export async function approve(
  authorizeUrl: string,
  options: { readonly workspaceId?: string; readonly fetch?: Fetch } = {},
): Promise<string> {
  const fetchImpl = options.fetch ?? fetch;
  const form = await openConsent(authorizeUrl, fetchImpl);
  return submitConsent(
    form,
    {
      decision: 'approve',
      ...(options.workspaceId === undefined ? {} : { workspaceId: options.workspaceId }),
    },
    fetchImpl,
  );
}
