import { html, page, type PageBranding } from './html.js';

/**
 * The page at `/` when anonymous installs are on: what the app is and an "Install with Attio" button
 * (a plain link to `/install`, so it works without JavaScript). Everything is escaped.
 *
 * @example
 * ```ts
 * res.type('html').send(landingPage('/install', config.branding));
 * ```
 */
export function landingPage(installPath: string, branding: PageBranding): string {
  return page({
    title: `Install ${branding.appName}`,
    kind: 'info',
    branding,
    body: html`<h1>Connect ${branding.appName} to Attio</h1>
<p>Installing asks Attio for access to one of your workspaces. You choose the workspace and review
the permissions on Attio's page before anything is connected.</p>
<a class="button" id="install-button" href="${installPath}">Install with Attio</a>`,
  });
}
