/** The consent form as a browser would submit it. */
export interface ConsentForm {
  /** Absolute URL the form posts to. */
  action: string;
  method: string;
  /** Hidden inputs (client_id, redirect_uri, state, …). */
  hidden: Record<string, string>;
  /** The workspace `<select>`: its name and options in page order. */
  select: { name: string; options: { value: string; label: string }[] } | undefined;
  /** Submit buttons: `name` and `value` of each (e.g. decision=approve / decision=deny). */
  buttons: { name: string; value: string; label: string }[];
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  '#96': '`',
  apos: "'",
};

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#96|apos);/g, (_m, e: string) => ENTITIES[e] ?? _m);
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return m ? decode(m[1] as string) : undefined;
}

/**
 * Parses the first `<form>` of a consent page (the sandbox's, or any page of the same shape) the way
 * a browser reads it: action resolved against the page URL, hidden inputs, the select and its
 * options, and the submit buttons. Throws, naming what is missing, when the page has no such form.
 *
 * @example
 * ```ts
 * const form = parseConsentForm(await res.text(), res.url);
 * const approve = form.buttons.find((b) => b.value === 'approve');
 * ```
 */
export function parseConsentForm(pageHtml: string, pageUrl: string): ConsentForm {
  const formMatch = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(pageHtml);
  if (!formMatch) {
    throw new Error(
      `The consent page at ${new URL(pageUrl).origin} has no <form>: ${pageHtml.slice(0, 200)}`,
    );
  }
  const [, formTag = '', inner = ''] = formMatch;
  const hidden: Record<string, string> = {};
  for (const m of inner.matchAll(/<input\b[^>]*>/gi)) {
    const tag = m[0];
    if ((attr(tag, 'type') ?? 'text').toLowerCase() !== 'hidden') continue;
    const name = attr(tag, 'name');
    if (name !== undefined) hidden[name] = attr(tag, 'value') ?? '';
  }
  const selectMatch = /<select\b([^>]*)>([\s\S]*?)<\/select>/i.exec(inner);
  const select = selectMatch
    ? {
        name: attr(selectMatch[1] ?? '', 'name') ?? '',
        options: [
          ...(selectMatch[2] ?? '').matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi),
        ].map((o) => ({
          value: attr(o[1] ?? '', 'value') ?? decode(o[2] ?? ''),
          label: decode((o[2] ?? '').trim()),
        })),
      }
    : undefined;
  const buttons = [...inner.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)].map((b) => ({
    name: attr(b[1] ?? '', 'name') ?? '',
    value: attr(b[1] ?? '', 'value') ?? '',
    label: decode((b[2] ?? '').trim()),
  }));
  return {
    action: new URL(attr(formTag, 'action') ?? pageUrl, pageUrl).toString(),
    method: (attr(formTag, 'method') ?? 'get').toLowerCase(),
    hidden,
    select,
    buttons,
  };
}
