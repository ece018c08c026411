/**
 * Generates hostile requests for the callback service from a seeded random source, so a failing
 * run can be replayed with the same seed. Each item is a short sequence sent in order on one lane
 * (a replay is "consume the state", then "use it again"). Categories (docs/reliability.md): missing,
 * duplicated, array-valued, oversized and non-UTF-8 parameters; forged, replayed and cross-session
 * states (expired ones need a moved clock and are sent in their own phase); `error` values carrying
 * HTML and script; odd methods and content types; huge headers; the admin API without or with a
 * wrong token.
 */
import { installCookieName } from '@attio-auth/oauth-callback/testing';

import type { RequestSpec } from './http-send.js';

/** A real, not yet used install: its state, the browser's binding cookie, and Attio's code for it. */
export interface PendingInstall {
  readonly state: string;
  /** The value of the state's install cookie (its name follows from the state). */
  readonly cookie: string;
  readonly code: string;
}

/** What the generator draws from. */
export interface GeneratorContext {
  readonly random: () => number;
  /** Takes one unused pending install (undefined when the pool is empty). */
  readonly takePending: () => PendingInstall | undefined;
  /** Real codes that may be sent again and again with states that fail first. */
  readonly realCodes: readonly string[];
  readonly adminToken: string;
}

export const XSS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg/onload=alert(1)>",
  '</title><script>alert(document.cookie)</script>',
  '<a href="javascript:alert(1)">x</a>',
  '<iframe src=//evil.example>',
  '<body onload=alert(1)>',
  '"><script src=//evil.example/x.js></script>',
];
const NON_UTF8 = [
  '%FF',
  '%C3%28',
  '%ED%A0%80',
  '%C0%AF',
  '%F8%88%80%80%80',
  '%80abc',
  'a%00b',
  '%E2%82',
];
const ACCEPTS = [
  'text/html',
  'application/json',
  '*/*',
  'application/json;q=0.1, text/html',
  'x/y',
  '',
];
const METHODS = [
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'TRACE',
  'PROPFIND',
  'HEAD',
  'CONNECT',
];
const PATHS = [
  '/oauth/callback',
  '/install',
  '/admin/connections',
  '/admin/connections/ws_1',
  '/admin/install-sessions',
  '/install/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  '/admin/connections/ws_1/restore',
  '/',
  '/healthz',
];
const TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'text/xml',
  'application/octet-stream',
  'text/html; charset=utf-7',
];

/** Categories and their share of generated items. */
export const WEIGHTS: Readonly<Record<string, number>> = {
  missing: 8,
  duplicated: 8,
  array: 8,
  oversized: 6,
  'non-utf8': 8,
  forged: 12,
  replayed: 2,
  'cross-session': 2,
  'error-html': 12,
  'odd-method': 8,
  'content-type': 8,
  'huge-headers': 4,
  admin: 10,
  'install-link': 6,
  'admin-filters': 4,
  install: 4,
};

/**
 * Generates `count` items (sequences of requests).
 *
 * @example
 * ```ts
 * const items = generateItems(10_000, context);
 * ```
 */
export function generateItems(count: number, ctx: GeneratorContext): RequestSpec[][] {
  const entries = Object.entries(WEIGHTS);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  const items: RequestSpec[][] = [];
  for (let i = 0; i < count; i++) {
    let r = ctx.random() * total;
    const category = (entries.find(([, w]) => (r -= w) < 0) ?? entries[0])?.[0] as string;
    items.push(itemFor(category, ctx));
  }
  return items;
}

function pick<T>(ctx: GeneratorContext, list: readonly T[]): T {
  return list[Math.floor(ctx.random() * list.length)] as T;
}

function junk(ctx: GeneratorContext, length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~';
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(ctx.random() * alphabet.length)];
  return s;
}

function spec(
  category: string,
  target: string,
  inputs: string[],
  ctx: GeneratorContext,
  extra: Partial<RequestSpec> = {},
): RequestSpec {
  const accept = pick(ctx, ACCEPTS);
  return { category, method: 'GET', target, inputs, headers: accept ? { accept } : {}, ...extra };
}

/** The install cookie for `state` (one cookie per install, named after its state) set to `value`. */
function cookieHeader(state: string, value: string): Record<string, string> {
  return { cookie: `${installCookieName(state)}=${value}` };
}

function itemFor(category: string, ctx: GeneratorContext): RequestSpec[] {
  const cb = '/oauth/callback';
  const e = encodeURIComponent;
  switch (category) {
    case 'missing':
      return [
        spec(
          category,
          pick(ctx, [
            cb,
            `${cb}?`,
            `${cb}?code=${junk(ctx, 20)}`,
            `${cb}?state=`,
            `${cb}?code=&state=`,
            `${cb}?error=`,
            `${cb}?state=${junk(ctx, 43)}`,
            `${cb}?=&=`,
          ]),
          [],
          ctx,
        ),
      ];
    case 'duplicated':
      return [
        spec(
          category,
          `${cb}?state=${junk(ctx, 43)}&state=${junk(ctx, 43)}&code=${pick(ctx, ctx.realCodes)}&code=${junk(ctx, 10)}`,
          [],
          ctx,
        ),
      ];
    case 'array':
      return [
        spec(
          category,
          pick(ctx, [
            `${cb}?state[]=${junk(ctx, 10)}&code[]=x`,
            `${cb}?state[a]=1&code=${pick(ctx, ctx.realCodes)}`,
            `${cb}?code[0]=a&code[1]=b&state=${junk(ctx, 43)}`,
            `${cb}?state[__proto__][x]=1`,
            `${cb}?constructor[prototype][y]=1&state=a`,
          ]),
          [],
          ctx,
        ),
      ];
    case 'oversized': {
      const n = pick(ctx, [600, 2100, 4000, 5000, 9000]);
      return [
        spec(
          category,
          pick(ctx, [
            `${cb}?state=${junk(ctx, n)}&code=x`,
            `${cb}?code=${junk(ctx, n)}&state=${junk(ctx, 43)}`,
            `${cb}?error=access_denied&error_description=${junk(ctx, n)}&state=${junk(ctx, 10)}`,
            `/install?x=${junk(ctx, n)}`,
          ]),
          [],
          ctx,
        ),
      ];
    }
    case 'non-utf8': {
      const bad = pick(ctx, NON_UTF8);
      const raw = pick(ctx, ['\u00ff\u00fe', '\u00c3(', '\u0080']);
      return [
        spec(
          category,
          pick(ctx, [
            `${cb}?state=${bad}&code=${bad}`,
            `${cb}?error=${bad}&state=${junk(ctx, 43)}`,
            `${cb}?error=access_denied&error_description=${bad}${bad}&state=x`,
            `${cb}?state=${raw}&code=${raw}`,
            `/install?${bad}=${bad}`,
            `/admin/connections/${bad}`,
          ]),
          [],
          ctx,
        ),
      ];
    }
    case 'forged': {
      const code = ctx.random() < 0.7 ? pick(ctx, ctx.realCodes) : junk(ctx, 32);
      const state = junk(ctx, pick(ctx, [8, 43, 64]));
      const cookie =
        ctx.random() < 0.5
          ? cookieHeader(
              state,
              `v2.${(1_700_000_000_000 + Math.floor(ctx.random() * 1e11)).toString(36)}.${junk(ctx, 43)}.${junk(ctx, 22)}`,
            )
          : {};
      const s = spec(category, `${cb}?state=${e(state)}&code=${e(code)}`, [], ctx);
      return [{ ...s, headers: { ...s.headers, ...cookie } }];
    }
    case 'replayed': {
      const p = ctx.takePending();
      if (!p) return itemFor('forged', ctx);
      const first = spec(category, `${cb}?state=${e(p.state)}&error=access_denied`, [], ctx);
      const again = spec(category, `${cb}?state=${e(p.state)}&code=${e(p.code)}`, [], ctx);
      return [
        { ...first, headers: { ...first.headers, ...cookieHeader(p.state, p.cookie) } },
        { ...again, headers: { ...again.headers, ...cookieHeader(p.state, p.cookie) } },
      ];
    }
    case 'cross-session': {
      const a = ctx.takePending();
      const b = ctx.takePending();
      if (!a || !b) return itemFor('forged', ctx);
      const s = spec(category, `${cb}?state=${e(a.state)}&code=${e(a.code)}`, [], ctx);
      // B's binding presented as A's: another browser's cookie under the right name.
      return [{ ...s, headers: { ...s.headers, ...cookieHeader(a.state, b.cookie) } }];
    }
    case 'error-html': {
      const payload = pick(ctx, XSS);
      const raw = !/[ &#]/.test(payload) && ctx.random() < 0.5;
      const v = raw ? payload : e(payload);
      return [
        spec(
          category,
          pick(ctx, [
            `${cb}?error=${v}`,
            `${cb}?error=${v}&state=${junk(ctx, 43)}`,
            `${cb}?error=access_denied&error_description=${v}&state=${junk(ctx, 43)}`,
            `${cb}?state=${v}&code=${v}`,
            `/install?next=${v}`,
            `/nope/${v}`,
          ]),
          [payload],
          ctx,
        ),
      ];
    }
    case 'odd-method':
      return [spec(category, pick(ctx, PATHS), [], ctx, { method: pick(ctx, METHODS) })];
    case 'content-type': {
      const payload = pick(ctx, XSS);
      const chunked = ctx.random() < 0.3;
      const s = spec(category, pick(ctx, PATHS), [payload], ctx, {
        method: pick(ctx, ['POST', 'PUT', 'PATCH']),
        body: `{"state":"${payload}","x":"${junk(ctx, 50)}"}`,
        chunked,
      });
      return [{ ...s, headers: { ...s.headers, 'content-type': pick(ctx, TYPES) } }];
    }
    case 'huge-headers': {
      const size = pick(ctx, [9000, 17_000, 40_000]);
      const s = spec(category, pick(ctx, [cb, '/install', '/admin/connections']), [], ctx);
      const variant = pick(ctx, ['cookie', 'x-junk', 'many', 'authorization']);
      const headers: Record<string, string> =
        variant === 'many'
          ? Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`x-h${i}`, junk(ctx, 40)]))
          : {
              [variant]:
                variant === 'authorization' ? `Bearer ${junk(ctx, size)}` : junk(ctx, size),
            };
      return [{ ...s, headers: { ...s.headers, ...headers } }];
    }
    case 'admin': {
      const auth = pick(ctx, [
        undefined,
        `Bearer ${junk(ctx, 40)}`,
        `Bearer ${ctx.adminToken.slice(0, -1)}`,
        `Bearer ${ctx.adminToken}x`,
        `Basic ${Buffer.from(`admin:${ctx.adminToken}`).toString('base64')}`,
        `bearer`,
        `Bearer  `,
        `Token ${ctx.adminToken}`,
        `Bearer ${ctx.adminToken.toUpperCase()}`,
      ]);
      const s = spec(
        category,
        pick(ctx, [
          '/admin/connections',
          '/admin/connections?limit=100000',
          `/admin/connections/${e(pick(ctx, XSS))}`,
          '/admin/connections/ws_1',
          '/admin/connections/ws_1?purge=true',
          '/admin/connections/ws_1/restore',
          '/admin/connections?owner.team=growth&deleted=include',
          '/admin',
        ]),
        [],
        ctx,
        { method: pick(ctx, ['GET', 'DELETE', 'POST']) },
      );
      return [{ ...s, headers: { ...s.headers, ...(auth ? { authorization: auth } : {}) } }];
    }
    case 'install-link': {
      // Install links: made-up or hostile link ids (an HTML page, so reflections count), and
      // link minting with the right token but hostile JSON (the admin API answers JSON only).
      if (ctx.random() < 0.5) {
        const id = pick(ctx, [...XSS, junk(ctx, 43), junk(ctx, 3), junk(ctx, 300), '..', '%00']);
        return [spec(category, `/install/s/${e(id)}`, [id], ctx)];
      }
      const xss = pick(ctx, XSS);
      const body = pick(ctx, [
        JSON.stringify({ owner: { displayName: xss, tags: { team: xss } } }),
        JSON.stringify({ owner: { tags: { [xss]: 'x' } } }),
        JSON.stringify({ returnTo: pick(ctx, ['javascript:alert(1)', '//evil.example', xss]) }),
        JSON.stringify({ expiresInSeconds: pick(ctx, [-1, 0, 1e308, 1.5, '60', null]) }),
        JSON.stringify({ reconnect: pick(ctx, [xss, junk(ctx, 400), '', 42]) }),
        JSON.stringify({
          owner: { tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`t${i}`, 'x'])) },
        }),
        '{"__proto__":{"polluted":1},"owner":{"tags":{"__proto__":"x"}}}',
        JSON.stringify([{ owner: {} }]),
        '{"owner":',
        `{"owner":{"displayName":"${'x'.repeat(15_000)}"}}`,
      ]);
      const s = spec(category, '/admin/install-sessions', [], ctx, { method: 'POST', body });
      return [
        {
          ...s,
          headers: {
            ...s.headers,
            authorization: `Bearer ${ctx.adminToken}`,
            'content-type': pick(ctx, [
              'application/json',
              'application/json; charset=utf-16',
              'text/plain',
            ]),
          },
        },
      ];
    }
    case 'admin-filters': {
      // With the right token: hostile list filters, delete options and restore targets (the suite
      // stores no connection, so nothing is there to delete or restore).
      const x = pick(ctx, XSS);
      const n = pick(ctx, [1, 41, 129, 600]);
      const [target, method] = pick<[string, string]>(ctx, [
        [`/admin/connections?owner.${e(x)}=x`, 'GET'],
        [`/admin/connections?owner.team=${e(x)}`, 'GET'],
        [`/admin/connections?owner.team=${junk(ctx, n)}`, 'GET'],
        ['/admin/connections?owner.team=a&owner.team=b', 'GET'],
        [
          `/admin/connections?${Array.from({ length: 12 }, (_, i) => `owner.k${i}=v`).join('&')}`,
          'GET',
        ],
        [`/admin/connections?status=${e(x)}`, 'GET'],
        [`/admin/connections?deleted=${e(x)}`, 'GET'],
        ['/admin/connections?deleted=only&deleted=include', 'GET'],
        [`/admin/connections?tag=${e(`team:${x}`)}`, 'GET'],
        [`/admin/connections/${e(x)}?purge=${e(x)}`, 'DELETE'],
        [`/admin/connections/ws_1?revoke=${junk(ctx, n)}`, 'DELETE'],
        ['/admin/connections/ws_1?purge=true&purge=false', 'DELETE'],
        [`/admin/connections/${e(x)}`, 'DELETE'],
        [`/admin/connections/${e(x)}/restore`, 'POST'],
        [`/admin/connections/ws_1/restore?${e(x)}=1`, 'POST'],
        ['/admin/connections/ws_1/restore', 'GET'],
      ]);
      const s = spec(category, target, [x], ctx, { method });
      return [{ ...s, headers: { ...s.headers, authorization: `Bearer ${ctx.adminToken}` } }];
    }
    default:
      return [
        spec(
          'install',
          pick(ctx, [
            '/install',
            `/install?redirect_uri=${e('https://evil.example')}`,
            `/install?state=${junk(ctx, 20)}`,
            '/install?scope=all',
            '/install/../admin/connections',
            '/%2e%2e/admin',
          ]),
          [],
          ctx,
        ),
      ];
  }
}

/**
 * A small seeded PRNG (mulberry32): the same seed gives the same requests.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * ```
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
