/**
 * `npm run suite:bad-input [-- --full]`: at least 10,000 generated hostile requests to the callback
 * service (full: 30,000), an expired-state phase with a moved clock, the admin API without or with a
 * wrong ADMIN_TOKEN, every admin console route (unauthenticated, forged or expired session, viewer
 * acting, CSRF missing or wrong, injection in filters, formula cells in the CSV export), the two CLIs with malformed flags, tokens and configuration, and the three apps'
 * start-up checks with bad environments (the callback service as a real process).
 * Checks: zero 5xx; zero stored connections; no unescaped reflection; every answer within 16 KiB and
 * 5 s; states refused for the right reason; CLIs answer with the right exit code and never echo a token;
 * every bad environment is refused with the config exit code and a line naming the variable.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { startSandbox } from '@attio-auth/attio-sandbox';
import { approve } from '@attio-auth/attio-sandbox/testing';
import {
  beginInstall,
  CookieJar,
  installCookieName,
  startCallbackHarness,
} from '@attio-auth/oauth-callback/testing';

import { runTokenHealth, runVerifyCli } from '../shared/app-runners.js';
import { mapConcurrent, runSuite, withDeadline } from '../shared/suite-run.js';
import { shownCodeOf, tally } from '../faults/checks.js';
import { ANSWER_LIMITS, answerViolations, cliViolations, percentiles } from './checks.js';
import { cliCases } from './cli-cases.js';
import { cliConfigCases, serviceConfigCases } from './config-cases.js';
import { runConsolePhase } from './console-phase.js';
import { spawnService } from '../crash/service-process.js';
import { generateItems, seededRandom, type PendingInstall } from './generate.js';
import { createAgent, sendSpec } from './http-send.js';

const ADMIN_TOKEN = 'suite-admin-token-0123456789abcdef0123456789';

await runSuite(
  'bad-input',
  { quickLimitMs: 240_000, fullLimitMs: 900_000 },
  async (report, options) => {
    const items = options.full ? 30_000 : 10_000;
    const seed = Number(process.env['SUITE_SEED'] ?? 7);
    report.note(`seed ${seed} (SUITE_SEED replays a run)`);
    const sandbox = await startSandbox({ rateLimit: false });
    let offsetMs = 0;
    const service = await startCallbackHarness({
      sandbox,
      driver: 'sqlite',
      env: { ADMIN_TOKEN, LOG_LEVEL: 'silent' },
      now: () => Date.now() + offsetMs,
    });
    const agent = createAgent(16);
    try {
      // Real installs waiting at the callback: their states, cookies and Attio codes.
      const poolSize = Math.ceil(items * 0.04 * 2) + 40;
      const pending = await mapConcurrent(
        Array.from({ length: poolSize }, (_, i) => i),
        8,
        async (): Promise<PendingInstall> => {
          const jar = new CookieJar();
          const callbackUrl = new URL(await approve(await beginInstall(service.url, jar)));
          const state = callbackUrl.searchParams.get('state') ?? '';
          return {
            state,
            code: callbackUrl.searchParams.get('code') ?? '',
            cookie: jar.get(installCookieName(state)) ?? '',
          };
        },
      );
      const expiredPool = pending.splice(0, 20);
      const realCodes = pending.slice(0, 30).map((p) => p.code);
      const random = seededRandom(seed);
      const generated = generateItems(items, {
        random,
        takePending: () => pending.pop(),
        realCodes,
        adminToken: ADMIN_TOKEN,
      });

      const violations: string[] = [];
      const statuses: string[] = [];
      const durations: number[] = [];
      const wrongReason: string[] = [];
      const started = performance.now();
      await mapConcurrent(generated, 16, async (sequence) => {
        for (const [step, spec] of sequence.entries()) {
          const answer = await sendSpec(service.url, spec, agent);
          violations.push(...answerViolations(spec, answer));
          statuses.push(`${spec.category} ${'error' in answer ? 'no-answer' : answer.status}`);
          if ('error' in answer) continue;
          durations.push(answer.durationMs);
          const expected =
            spec.category === 'replayed' && step === 1
              ? 'INSTALL_STATE_REUSED'
              : spec.category === 'cross-session'
                ? 'INSTALL_STATE_COOKIE_MISMATCH'
                : undefined;
          const shown = spec.method === 'HEAD' ? expected : shownCodeOf(answer.body);
          if (expected && shown !== expected)
            wrongReason.push(
              `${spec.category}: expected ${expected}, shown ${shown ?? answer.status}`,
            );
        }
      });
      const seconds = (performance.now() - started) / 1000;
      const sent = statuses.length;
      const p = percentiles(durations);
      report.figure(
        'requests sent',
        `${sent} (${generated.length} generated items) in ${seconds.toFixed(1)} s, ${(sent / seconds).toFixed(0)} req/s`,
      );
      report.figure(
        'answer time',
        `p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms, max ${p.max.toFixed(1)} ms`,
      );
      report.figure('answers by category and status', tally(statuses));

      // Expired states: the service's clock moves past STATE_TTL_SECONDS (600 s) before the callback.
      offsetMs = 2 * 3600_000;
      const expired = await mapConcurrent(expiredPool, 4, async (pi) => {
        const spec = {
          category: 'expired',
          method: 'GET',
          target: `/oauth/callback?state=${encodeURIComponent(pi.state)}&code=${encodeURIComponent(pi.code)}`,
          inputs: [],
          headers: {
            accept: 'application/json',
            cookie: `${installCookieName(pi.state)}=${pi.cookie}`,
          },
        };
        const answer = await sendSpec(service.url, spec, agent);
        violations.push(...answerViolations(spec, answer));
        return 'error' in answer ? 'no-answer' : `${answer.status} ${shownCodeOf(answer.body)}`;
      });
      offsetMs = 0;
      report.figure('expired-state callbacks', tally(expired));
      for (const e of expired)
        if (e !== '400 INSTALL_STATE_EXPIRED')
          wrongReason.push(`expired: expected 400 INSTALL_STATE_EXPIRED, got ${e}`);

      const fiveXx = violations.filter((v) => / answered 5\d\d$/.test(v));
      report.expectNone('zero 5xx answers', fiveXx, `${sent + expired.length} requests`);
      report.expectNone(
        'every request answered',
        violations.filter((v) => v.includes('no HTTP answer')),
        `${sent + expired.length} requests`,
      );
      report.expectNone(
        'no unescaped reflection of input in any answer',
        violations.filter((v) => v.includes('reflects input')),
        'every input with <>"\'` checked against the answer body',
      );
      report.expectNone(
        `every answer within ${ANSWER_LIMITS.maxBytes} bytes and ${ANSWER_LIMITS.maxMs} ms`,
        violations.filter((v) => / bytes \(limit| ms \(limit/.test(v)),
        `${durations.length} answers`,
      );
      report.expectNone(
        'forged, replayed, cross-session and expired states refused for the right reason',
        wrongReason,
        'replays → INSTALL_STATE_REUSED, cross-session → INSTALL_STATE_COOKIE_MISMATCH, expired → INSTALL_STATE_EXPIRED',
      );
      const stored = await service.store.countConnections();
      report.figure('connections stored', stored);
      report.expect(
        'zero stored connections',
        stored === 0,
        'store count after every request',
        `${stored} connections were stored from hostile requests`,
      );

      // The admin console: every route unauthenticated, forged, as a viewer, without CSRF, injected.
      await runConsolePhase(report, sandbox, agent);

      const hostile = sandbox.admin.createWorkspace({
        name: '<!channel> <https://evil.example/x|Click here> \u001b[2J\u001b]0;pwned\u0007\r\u009b31m\u202e',
        slug: 'hostile-name',
      });
      const hostileNameToken = sandbox.admin.createToken({
        workspaceId: hostile.id,
        scopes: ['object_configuration:read'],
      });
      const { cases, dir } = cliCases(
        sandbox.urls.api,
        sandbox.fixtures.tokens.full,
        hostileNameToken,
      );
      const cliProblems: string[] = [];
      const exits: string[] = [];
      for (const c of cases) {
        const run =
          c.app === 'verify'
            ? runVerifyCli(c.argv, {
                env: c.env ?? {},
                cwd: dir,
                ...(c.stdin !== undefined ? { stdin: c.stdin } : {}),
              })
            : runTokenHealth(c.argv, { env: { LOG_LEVEL: 'silent', ...c.env } });
        const result = await withDeadline(run, 30_000);
        if (!result) cliProblems.push(`${c.app} ${c.label}: did not end within 30 s`);
        else {
          cliProblems.push(...cliViolations(c, result.value));
          exits.push(`${c.app}:${result.value.exitCode ?? 'threw'}`);
        }
      }
      report.figure('CLI runs (app:exit code)', tally(exits));
      report.expectNone(
        'CLIs refuse malformed flags, tokens and configuration clearly, without echoing tokens',
        cliProblems,
        `${cases.length} command lines`,
      );

      // Start-up checks: every bad environment is refused with the config exit code and a line
      // naming the variable. A real listener holds the port of the "in use" cases.
      const holder = createServer();
      await new Promise<void>((done) => holder.listen(0, '127.0.0.1', done));
      const takenPort = (holder.address() as { port: number }).port;
      const tokensFile = join(dir, 'empty-tokens.json');
      writeFileSync(tokensFile, '[]');
      const configProblems: string[] = [];
      const configExits: string[] = [];
      try {
        const cliConfig = cliConfigCases({
          api: sandbox.urls.api,
          goodToken: sandbox.fixtures.tokens.full,
          tokensFile,
          takenPort,
        });
        for (const c of cliConfig) {
          const run =
            c.app === 'verify'
              ? runVerifyCli(c.argv, { env: c.env ?? {}, cwd: dir })
              : runTokenHealth(c.argv, { env: { LOG_LEVEL: 'silent', ...c.env } });
          const result = await withDeadline(run, 30_000);
          if (!result) configProblems.push(`${c.app} ${c.label}: did not end within 30 s`);
          else {
            configProblems.push(...cliViolations(c, result.value));
            configExits.push(`${c.app}:${result.value.exitCode ?? 'threw'}`);
          }
        }
        const serviceCases = serviceConfigCases({ takenPort, dir });
        // Each case compiles and starts main.ts in a fresh process (a few seconds each): two at a time.
        await mapConcurrent(serviceCases, 2, async (c) => {
          const started = performance.now();
          const service = spawnService(c.env);
          const exited = await withDeadline(service.exited, 60_000);
          if (!exited) {
            service.child.kill('SIGKILL');
            configProblems.push(`service ${c.label}: did not exit within 60 s`);
            return;
          }
          const exitCode = exited.value ?? undefined;
          configExits.push(`service:${exitCode ?? 'signal'}`);
          configProblems.push(
            ...cliViolations(c, {
              exitCode,
              stdout: service.output(),
              stderr: '',
              durationMs: performance.now() - started,
            }),
          );
        });
        report.figure('bad environments (app:exit code)', tally(configExits));
        report.expectNone(
          'start-up checks refuse each bad environment with the config exit code, naming the variable, echoing no secret',
          configProblems,
          `${cliConfig.length + serviceCases.length} environments`,
        );
      } finally {
        holder.close();
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      agent.destroy();
      await service.close();
      await sandbox.close();
    }
  },
);
