/**
 * The admin console's hostile requests: every console route unauthenticated, with a forged, tampered or
 * expired session, as a viewer posting actions, as an admin posting without or with a wrong CSRF token,
 * and injection in the filters. Each case names the status it must get; the CSV export is checked cell
 * by cell for formula injection.
 */
import type { RequestSpec } from './http-send.js';

/** A hostile console request and the status it must be answered with. */
export interface ConsoleCase {
  readonly spec: RequestSpec;
  /** Allowed statuses (e.g. 400 or 200 for a filter the page may accept and show escaped). */
  readonly expect: readonly number[];
}

/** Who sends: their session cookie and CSRF token. */
export interface ConsoleIdentity {
  readonly cookie: string;
  readonly csrf: string;
}

const FORM = 'application/x-www-form-urlencoded';

/** Values a filter, a path or a form field may carry: markup, quotes, control bytes, SQL, huge. */
export const HOSTILE_VALUES: readonly string[] = [
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  "' OR '1'='1",
  "x'); DROP TABLE connections;--",
  '%00',
  '\u0000\u001b[2J',
  '=HYPERLINK("http://evil.example")',
  '../../etc/passwd',
  'a'.repeat(5000),
  '{"$gt":""}',
  'team=<img src=x onerror=alert(1)>',
  '`${process.exit()}`',
];

/** The console's routes, by method, with a workspace and an event that exist. */
function routes(workspaceId: string, eventId: string) {
  const ws = encodeURIComponent(workspaceId);
  return {
    reads: [
      '/admin/console',
      '/admin/console/connections',
      '/admin/console/connections.csv',
      `/admin/console/connections/${ws}`,
      '/admin/console/events',
    ],
    confirms: [
      ...['reconnect-link', 'revoke-token', 'delete', 'restore'].map(
        (a) => `/admin/console/connections/${ws}/confirm/${a}`,
      ),
      `/admin/console/events/${eventId}/confirm-replay`,
    ],
    actions: [
      ...['reconnect-link', 'revoke-token', 'delete', 'restore'].map(
        (a) => `/admin/console/connections/${ws}/${a}`,
      ),
      `/admin/console/events/${eventId}/replay`,
      '/admin/console/logout',
    ],
  };
}

const enc = (v: string) => encodeURIComponent(v);

/**
 * Every case, in a stable order.
 *
 * @example
 * ```ts
 * const cases = consoleCases({ workspaceId: 'ws_1', eventId: 'evt_1', viewer, admin, expired, forged });
 * ```
 */
export function consoleCases(o: {
  workspaceId: string;
  eventId: string;
  viewer: ConsoleIdentity;
  admin: ConsoleIdentity;
  /** A session sealed correctly but older than the absolute timeout. */
  expired: ConsoleIdentity;
}): ConsoleCase[] {
  const r = routes(o.workspaceId, o.eventId);
  const all = [...r.reads, ...r.confirms];
  const cases: ConsoleCase[] = [];
  const get = (
    category: string,
    target: string,
    cookie: string | undefined,
    expect: number[],
    inputs: string[] = [],
  ) =>
    cases.push({
      spec: { category, method: 'GET', target, inputs, headers: cookie ? { cookie } : {} },
      expect,
    });
  const post = (
    category: string,
    target: string,
    cookie: string | undefined,
    body: string,
    expect: number[],
    inputs: string[] = [],
    type = FORM,
  ) =>
    cases.push({
      spec: {
        category,
        method: 'POST',
        target,
        inputs,
        body,
        headers: { ...(cookie ? { cookie } : {}), 'content-type': type },
      },
      expect,
    });

  const [sealed = '', signature = ''] = o.admin.cookie.split('.');
  const forged = [
    'attio_console=not-a-session',
    `${sealed}.${'A'.repeat(signature.length)}`,
    // The payload changed to claim the admin role, the signature kept.
    `attio_console=${Buffer.from(JSON.stringify({ sub: 'x', label: 'x', role: 'admin', csrf: 'c', signedInAt: Date.now(), seenAt: Date.now() })).toString('base64url')}.${signature}`,
    `${o.admin.cookie}; ${o.viewer.cookie}`,
    o.expired.cookie,
  ];

  for (const target of all) get('console-unauthenticated', target, undefined, [401]);
  for (const target of r.actions)
    post('console-unauthenticated', target, undefined, `csrf=${enc(o.admin.csrf)}`, [401]);
  for (const cookie of forged) {
    for (const target of all) get('console-forged-session', target, cookie, [401]);
    for (const target of r.actions)
      post('console-forged-session', target, cookie, `csrf=${enc(o.admin.csrf)}`, [401]);
  }
  get('console-callback', '/admin/console/callback?code=abc&state=def', undefined, [401]);
  get(
    'console-callback',
    `/admin/console/callback?error=${enc('<script>x</script>')}`,
    undefined,
    [401],
    ['<script>x</script>'],
  );
  get(
    'console-callback',
    '/admin/console/callback?code=abc&state=def',
    'attio_console_signin=eyJ4IjoxfQ.bad',
    [401],
  );
  for (const returnTo of [
    'https://evil.example/',
    '//evil.example',
    '/admin/console/../../install',
    '/\\evil.example',
  ])
    cases.push({
      spec: {
        category: 'console-login-return-to',
        method: 'GET',
        target: `/admin/console/login?returnTo=${enc(returnTo)}`,
        inputs: [returnTo],
        headers: {},
      },
      expect: [303],
    });

  for (const target of r.reads) get('console-viewer-read', target, o.viewer.cookie, [200]);
  for (const target of r.confirms) get('console-viewer-confirm', target, o.viewer.cookie, [403]);
  for (const target of r.actions.filter((t) => !t.endsWith('/logout')))
    post('console-viewer-action', target, o.viewer.cookie, `csrf=${enc(o.viewer.csrf)}`, [403]);

  for (const target of r.actions) {
    post('console-csrf-missing', target, o.admin.cookie, '', [403]);
    post('console-csrf-wrong', target, o.admin.cookie, `csrf=${enc('A'.repeat(43))}`, [403]);
    post('console-csrf-other-session', target, o.admin.cookie, `csrf=${enc(o.viewer.csrf)}`, [403]);
    post(
      'console-csrf-json',
      target,
      o.admin.cookie,
      JSON.stringify({ csrf: o.admin.csrf }),
      [403],
      [],
      'application/json',
    );
    post('console-csrf-repeated', target, o.admin.cookie, `csrf=${enc(o.admin.csrf)}&csrf=x`, [
      403,
    ]);
  }

  for (const value of HOSTILE_VALUES) {
    for (const name of ['q', 'tag', 'status', 'deleted', 'after'])
      get(
        'console-filter-injection',
        `/admin/console/connections?${name}=${enc(value)}`,
        o.admin.cookie,
        [200, 400],
        [value],
      );
    get(
      'console-filter-injection',
      `/admin/console/connections.csv?q=${enc(value)}`,
      o.admin.cookie,
      [200, 400],
      [value],
    );
    get(
      'console-filter-injection',
      `/admin/console/events?state=${enc(value)}`,
      o.admin.cookie,
      [400],
      [value],
    );
    get(
      'console-filter-injection',
      `/admin/console/events?before=${enc(value)}`,
      o.admin.cookie,
      [400],
      [value],
    );
    get(
      'console-path-injection',
      `/admin/console/connections/${enc(value)}`,
      o.admin.cookie,
      [400, 404],
      [value],
    );
    get(
      'console-path-injection',
      `/admin/console/events/${enc(value)}/confirm-replay`,
      o.admin.cookie,
      [400, 404],
      [value],
    );
  }
  get('console-filter-injection', '/admin/console/connections?q=a&q=b', o.admin.cookie, [400]);
  get('console-filter-injection', '/admin/console/connections?unknown=1', o.admin.cookie, [400]);
  get('console-filter-injection', '/admin/console?x=<b>', o.admin.cookie, [400], ['<b>']);
  get('console-path-injection', '/admin/console/connections/%E0%A4%A', o.admin.cookie, [400]);
  post(
    'console-body-too-large',
    r.actions[0] ?? '',
    o.admin.cookie,
    `csrf=${'x'.repeat(10_000)}`,
    [413, 403],
  );
  return cases;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Cells of a CSV export (RFC 4180, quoted cells unwrapped) that a spreadsheet would run as a formula.
 *
 * @example
 * ```ts
 * formulaCells('a,"=1+1"\r\n'); // ['=1+1']
 * ```
 */
export function formulaCells(csv: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i += 1) {
    const c = csv[i] as string;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === '\n') {
      cells.push(cell.replace(/\r$/, ''));
      cell = '';
    } else cell += c;
  }
  if (cell !== '') cells.push(cell);
  return cells.filter((v) => FORMULA_START.test(v));
}
