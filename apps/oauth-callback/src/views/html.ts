const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/**
 * Escapes text for an HTML element body or a quoted attribute. Everything that can come from a
 * request or from Attio (workspace names, scope names, error text) goes through this.
 *
 * @example
 * ```ts
 * escapeHtml('<script>') // '&lt;script&gt;'
 * ```
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (c) => ESCAPES[c] as string);
}

/** A tagged template whose interpolations are escaped unless wrapped in {@link raw}. */
export interface SafeHtml {
  readonly __html: string;
}

/**
 * Marks already-escaped markup so {@link html} does not escape it again.
 *
 * @example
 * ```ts
 * html`<ul>${raw(items.map((i) => html`<li>${i}</li>`.__html).join(''))}</ul>`
 * ```
 */
export function raw(markup: string): SafeHtml {
  return { __html: markup };
}

/**
 * Builds markup with every interpolated value escaped.
 *
 * @example
 * ```ts
 * html`<p>${userInput}</p>`.__html
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const piece =
      typeof value === 'object' && value !== null && '__html' in value
        ? (value as SafeHtml).__html
        : escapeHtml(value);
    out += piece + (strings[i + 1] ?? '');
  });
  return raw(out);
}

const STYLE = `
  body { font-family: system-ui, -apple-system, sans-serif; margin: 0; background: #f6f7f9; color: #1f2328; }
  main { max-width: 40rem; margin: 4rem auto; background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 2rem; }
  h1 { font-size: 1.4rem; margin-top: 0; }
  .ok h1 { color: #1a7f37; } .fail h1 { color: #cf222e; }
  code { background: #f0f2f4; padding: 0.1rem 0.3rem; border-radius: 4px; }
  dt { font-weight: 600; margin-top: 0.6rem; } dd { margin-left: 0; }
  .meta { color: #57606a; font-size: 0.85rem; margin-top: 2rem; }
  a.button { display: inline-block; margin-top: 1rem; padding: 0.5rem 1rem; background: #0969da; color: #fff;
    border-radius: 6px; text-decoration: none; }
  header { display: flex; align-items: center; gap: 0.6rem; margin-bottom: 1.5rem; color: #57606a; font-weight: 600; }
  header img { height: 2rem; width: auto; }
  footer { margin-top: 2rem; font-size: 0.9rem; }`;

/** What every page shows besides its body: the app's name, logo and help link (from config). */
export interface PageBranding {
  readonly appName: string;
  readonly supportUrl?: string | undefined;
  readonly logoUrl?: string | undefined;
}

const DEFAULT_BRANDING: PageBranding = { appName: 'attio-auth' };

/**
 * Wraps a page body in the shared document shell (inline CSS only, allowed by helmet's default CSP):
 * a header with the app's logo and name, the body, and a "Need help?" footer when a support URL is
 * configured. The title reads "<title> · <app name>". Everything is escaped.
 *
 * @example
 * ```ts
 * res.type('html').send(page({ title: 'Connected', kind: 'ok', body: html`<p>Done</p>`, branding }));
 * ```
 */
export function page(options: {
  title: string;
  kind: 'ok' | 'fail' | 'info';
  body: SafeHtml;
  branding?: PageBranding | undefined;
}): string {
  const brand = options.branding ?? DEFAULT_BRANDING;
  const logo = brand.logoUrl ? html`<img src="${brand.logoUrl}" alt="">` : raw('');
  const help = brand.supportUrl
    ? html`<footer>Need help? <a id="support-link" href="${brand.supportUrl}">Contact support</a></footer>`
    : raw('');
  return (
    '<!doctype html>\n' +
    html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${options.title} · ${brand.appName}</title><style>${raw(STYLE)}</style></head>
<body><main class="${options.kind}"><header>${logo}<span id="app-name">${brand.appName}</span></header>
${options.body}${help}</main></body></html>
`.__html
  );
}
