/**
 * The bad-input suite's console phase: a callback service with the admin console on (signing in through
 * a real oidc-provider is only needed for `/login`; the viewer and admin sessions are sealed as a sign-in
 * would seal them), seeded with connections whose names and tags are spreadsheet formulas and markup,
 * then every case of `console-cases.ts`, the CSV export read cell by cell, and the store checked unchanged.
 */
import type { Agent } from 'node:http';

import type { Sandbox } from '@attio-auth/attio-sandbox';
import {
  consoleSessionCookie,
  startCallbackHarness,
  startIdentityProvider,
} from '@attio-auth/oauth-callback/testing';

import type { SuiteReport } from '../shared/suite-report.js';
import { tally } from '../faults/checks.js';
import { answerViolations } from './checks.js';
import { consoleCases, formulaCells } from './console-cases.js';
import { sendSpec } from './http-send.js';

/** Console pages list up to 50 rows: bigger than the install pages, still bounded. */
const CONSOLE_LIMITS = { maxBytes: 512 * 1024, maxMs: 5000 };

const FORMULA_NAMES = [
  '=cmd|" /C calc"!A0',
  '+1+1',
  '-2+3',
  '@SUM(1,2)',
  '\t=1',
  '\r=1',
  '<img src=x onerror=alert(1)>',
];

export async function runConsolePhase(
  report: SuiteReport,
  sandbox: Sandbox,
  agent: Agent,
): Promise<void> {
  const idp = await startIdentityProvider();
  const service = await startCallbackHarness({
    sandbox,
    driver: 'sqlite',
    env: { ...idp.consoleEnv(), LOG_LEVEL: 'silent' },
  });
  try {
    await idp.register(service.config.admin.console?.redirectUri ?? '');
    const consoleConfig = service.config.admin.console;
    if (!consoleConfig) throw new Error('the console is not configured');
    for (const [i, name] of FORMULA_NAMES.entries())
      await service.store.saveConnection({
        workspaceId: `ws_formula_${i}`,
        workspaceName: name,
        scopes: [],
        token: `suite-token-${i}`,
        owner: {
          // The store refuses control characters in owner fields (not in workspace names).
          displayName: /[\t\r]/.test(name) ? null : name,
          tags: { team: `=HYPERLINK("http://evil.example/${i}")` },
        },
      });
    const [event] = await service.store.listEvents({ limit: 1 });
    const admin = consoleSessionCookie(consoleConfig, {
      sub: 'suite-admin',
      label: 'admin',
      role: 'admin',
    });
    const viewer = consoleSessionCookie(consoleConfig, {
      sub: 'suite-viewer',
      label: 'viewer',
      role: 'viewer',
    });
    const expired = consoleSessionCookie(
      consoleConfig,
      { sub: 'suite-admin', label: 'admin', role: 'admin' },
      () => Date.now() - consoleConfig.absoluteTimeoutMs - 60_000,
    );
    const cases = consoleCases({
      workspaceId: 'ws_formula_0',
      eventId: event?.id ?? 'evt_0',
      viewer,
      admin,
      expired,
    });

    const violations: string[] = [];
    const statuses: string[] = [];
    for (const c of cases) {
      const answer = await sendSpec(service.url, c.spec, agent);
      violations.push(...answerViolations(c.spec, answer, CONSOLE_LIMITS));
      const status = 'error' in answer ? 'no-answer' : answer.status;
      statuses.push(`${c.spec.category} ${status}`);
      if (typeof status !== 'number' || !c.expect.includes(status))
        violations.push(
          `${c.spec.category} ${c.spec.method} ${c.spec.target.slice(0, 100)}: answered ${status}, expected ${c.expect.join(' or ')}`,
        );
    }
    report.figure('console requests by category and status', tally(statuses));
    report.expectNone(
      'every console route refuses the unauthenticated, forged and expired sessions, viewers acting and posts without the CSRF token, and escapes every filter',
      violations,
      `${cases.length} requests`,
    );

    const csv = await sendSpec(
      service.url,
      {
        category: 'console-csv',
        method: 'GET',
        target: '/admin/console/connections.csv',
        inputs: [],
        headers: { cookie: admin.cookie },
      },
      agent,
    );
    const formulas = 'error' in csv ? [`no answer: ${csv.error}`] : formulaCells(csv.body);
    const rows = 'error' in csv ? 0 : csv.body.split('\r\n').length - 2;
    report.figure('CSV export rows', rows);
    report.expectNone(
      'no CSV cell starts a formula (= + - @ tab CR)',
      formulas,
      `${rows} rows × 10 cells`,
    );

    const deleted = await service.store.countConnections({ deleted: 'only' });
    const live = await service.store.countConnections();
    report.expect(
      'no hostile console request changed a connection',
      deleted === 0 && live === FORMULA_NAMES.length,
      `${live} live, ${deleted} deleted`,
      `${deleted} connection(s) deleted, ${live} live of ${FORMULA_NAMES.length}`,
    );
  } finally {
    await service.close();
    await idp.close();
  }
}
