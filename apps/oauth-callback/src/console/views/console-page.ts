import { html, raw, type SafeHtml } from '../../views/html.js';
import type { ConsoleRole } from '../console-role.js';

/**
 * Colours meet WCAG 2.2 AA contrast (4.5:1 for text) on their backgrounds; focus is always visible;
 * status is never told by colour alone (each badge carries its word).
 */
const STYLE = `
  :root { color-scheme: light; }
  body { font-family: system-ui, -apple-system, sans-serif; margin: 0; background: #f6f7f9; color: #1f2328; }
  a { color: #0550ae; } a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible {
    outline: 3px solid #0550ae; outline-offset: 2px; }
  .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
  header.top { background: #1f2328; color: #fff; padding: .6rem 1.5rem; display: flex; gap: 1.5rem; align-items: center; flex-wrap: wrap; }
  header.top a { color: #fff; } header.top .who { margin-left: auto; font-size: .9rem; }
  header.top nav ul { list-style: none; display: flex; gap: 1rem; margin: 0; padding: 0; }
  header.top nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
  header.top form { display: inline; } header.top button { background: none; border: 1px solid #fff; color: #fff; border-radius: 4px; cursor: pointer; }
  main { max-width: 72rem; margin: 1.5rem auto; background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 1.5rem 2rem; }
  h1 { font-size: 1.5rem; margin-top: 0; } h2 { font-size: 1.15rem; margin-top: 1.8rem; }
  table { border-collapse: collapse; width: 100%; font-size: .92rem; } caption { text-align: left; font-weight: 600; padding: .4rem 0; }
  th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
  th { background: #f6f8fa; }
  .badge { display: inline-block; padding: 0 .45rem; border-radius: 1rem; font-size: .85rem; border: 1px solid currentColor; }
  .s-healthy { color: #116329; } .s-revoked, .s-workspace_mismatch, .s-dead { color: #a40e26; }
  .s-under_scoped, .s-failed_to_check, .s-pending { color: #7d4e00; } .s-unknown, .s-delivered, .s-disabled { color: #57606a; }
  form.filters { display: flex; gap: 1rem; flex-wrap: wrap; align-items: end; margin-bottom: 1rem; }
  form.filters label, .field label { display: block; font-weight: 600; font-size: .9rem; }
  input, select { font: inherit; padding: .3rem .4rem; border: 1px solid #57606a; border-radius: 4px; }
  button, .button { font: inherit; padding: .4rem .9rem; border-radius: 6px; border: 1px solid #0550ae; background: #0550ae;
    color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
  .button.secondary, button.secondary { background: #fff; color: #0550ae; }
  button.danger { background: #a40e26; border-color: #a40e26; }
  .cards { display: flex; gap: 1rem; flex-wrap: wrap; } .card { border: 1px solid #d0d7de; border-radius: 6px; padding: .6rem 1rem; min-width: 9rem; }
  .card strong { display: block; font-size: 1.5rem; }
  .notice { border-left: 4px solid #0550ae; background: #ddf4ff; padding: .6rem 1rem; }
  .error { border-left: 4px solid #a40e26; background: #ffebe9; padding: .6rem 1rem; }
  .actions { display: flex; gap: .6rem; flex-wrap: wrap; } .muted { color: #57606a; }
  dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; } dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
  nav.pages { margin-top: 1rem; display: flex; gap: 1rem; }
  svg text { font-size: 12px; fill: #1f2328; } figure { margin: 0; }
  ul.legend { list-style: none; display: flex; gap: 1rem; flex-wrap: wrap; padding: 0; font-size: .9rem; }`;

/** Who is signed in, as every page shows it. */
export interface ConsoleViewer {
  readonly label: string;
  readonly role: ConsoleRole;
  readonly csrf: string;
}

const NAV = [
  ['overview', '', 'Overview'],
  ['connections', '/connections', 'Connections'],
  ['events', '/events', 'Events'],
] as const;

/** The console's base path; every link is built from it. */
export const CONSOLE_PATH = '/admin/console';

/**
 * The console's document shell: a skip link, a banner with the navigation landmark and the person
 * signed in (with a sign-out form), and `<main>`. No script: every page reads without JavaScript.
 *
 * @example
 * ```ts
 * res.send(consolePage({ title: 'Overview', current: 'overview', viewer, body: html`<p>…</p>` }));
 * ```
 */
export function consolePage(options: {
  title: string;
  body: SafeHtml;
  current?: (typeof NAV)[number][0] | undefined;
  viewer?: ConsoleViewer | undefined;
  appName: string;
}): string {
  const { viewer } = options;
  const nav = viewer
    ? html`<nav aria-label="Console"><ul>${raw(
        NAV.map(
          ([key, path, label]) =>
            html`<li><a href="${CONSOLE_PATH}${path}"${raw(
              options.current === key ? ' aria-current="page"' : '',
            )}>${label}</a></li>`.__html,
        ).join(''),
      )}</ul></nav>
<div class="who"><span id="signed-in-as">${viewer.label}</span> (<span id="role">${viewer.role}</span>)
<form method="post" action="${CONSOLE_PATH}/logout"><input type="hidden" name="csrf" value="${viewer.csrf}"><button type="submit">Sign out</button></form></div>`
    : raw('');
  return (
    '<!doctype html>\n' +
    html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${options.title} · ${options.appName} console</title><style>${raw(STYLE)}</style></head>
<body><a class="skip" href="#main">Skip to content</a>
<header class="top"><strong>${options.appName} console</strong>${nav}</header>
<main id="main" tabindex="-1"><h1>${options.title}</h1>
${options.body}</main></body></html>
`.__html
  );
}

/**
 * A status word as a badge (text and colour, so colour is never the only cue).
 *
 * @example
 * ```ts
 * badge('revoked'); // <span class="badge s-revoked">revoked</span>
 * ```
 */
export function badge(status: string): SafeHtml {
  return html`<span class="badge s-${status}">${status.replace(/_/g, ' ')}</span>`;
}

/** A date as ISO text in a `<time>`, or a dash. */
export function when(date: Date | null | undefined): SafeHtml {
  return date
    ? html`<time datetime="${date.toISOString()}">${date.toISOString().replace('T', ' ').slice(0, 19)} UTC</time>`
    : raw('—');
}

/** Joins pieces of markup. */
export function join(pieces: readonly SafeHtml[], separator = ''): SafeHtml {
  return raw(pieces.map((p) => p.__html).join(separator));
}
