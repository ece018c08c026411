/**
 * `npm run suite:secrets [-- --full]`: runs every app end to end with known token, client-secret and
 * authorization-code values and captures all stdout, stderr, log lines, HTTP answers, webhook
 * bodies, database files (SQLite + WAL + SHM) and a PostgreSQL dump. Check: zero occurrences of any
 * of those values in clear (or URL-encoded). Quick and full modes run the same passes (full adds
 * more installs).
 */
import { startSandbox } from '@attio-auth/attio-sandbox';

import { dumpSchema, postgresState } from '../shared/postgres.js';
import { createSuiteStore } from '../shared/suite-store.js';
import { filesUnder } from './capture.js';
import { eventsPass } from './events-pass.js';
import { runSuite } from '../shared/suite-run.js';
import { describeLeaks, findSecretLeaks, scannerBlindSpots } from './find-leaks.js';
import { postgresPass } from './postgres-pass.js';
import { sqlitePass, type PassEvidence } from './sqlite-pass.js';

await runSuite(
  'secrets',
  { quickLimitMs: 240_000, fullLimitMs: 600_000 },
  async (report, options) => {
    const sandbox = await startSandbox({ rateLimit: false });
    try {
      const passes: PassEvidence[] = [await sqlitePass(sandbox)];
      const pg = await postgresState();
      if (pg.ok) passes.push(await postgresPass(sandbox));
      else
        report.couldNotRun(
          'secrets on PostgreSQL',
          pg.reason,
          options.full || process.env['REQUIRE_PG'] === '1',
        );
      // The event outbox and its delivery log, on each driver (a receiver echoing everything back).
      for (const driver of pg.ok ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)) {
        const location = await createSuiteStore(driver, 'suite_secrets_events');
        try {
          passes.push(
            await eventsPass(location, async () =>
              location.dir
                ? Buffer.concat(
                    filesUnder(location.dir, 'events').map((f) => Buffer.from(f.content)),
                  )
                : dumpSchema(location.schema ?? ''),
            ),
          );
        } finally {
          await location.remove();
        }
      }
      const sources = passes.flatMap((p) => p.sources);
      const secrets = passes.flatMap((p) => p.secrets);
      for (const note of passes.flatMap((p) => p.notes)) report.note(note);
      const bytes = sources.reduce(
        (n, s) =>
          n + (typeof s.content === 'string' ? Buffer.byteLength(s.content) : s.content.length),
        0,
      );
      report.figure(
        'captured',
        `${sources.length} sources, ${(bytes / 1024).toFixed(0)} KiB (streams, HTTP answers, webhook bodies, SQLite files, PostgreSQL dump)`,
      );
      report.figure(
        'known secrets searched',
        `${secrets.length} (${[...new Set(secrets.map((s) => s.label.replace(/ \(.*\)$/, '').replace(/ issued to \S+/, '')))].join(', ')})`,
      );
      report.expectNone(
        'every app run took the path it was meant to (so the scan covers it)',
        passes.flatMap((p) => p.unexpected),
        'exit codes, installs stored, alert sent',
      );
      report.expectNone(
        'every known secret can be searched for',
        scannerBlindSpots(secrets),
        `${secrets.length} secrets probed`,
      );
      const leaks = findSecretLeaks(sources, secrets);
      report.expectNone(
        'zero occurrences of a token, client secret, code or key in clear',
        describeLeaks(leaks),
        `${sources.length} sources × ${secrets.length} secrets`,
      );
    } finally {
      await sandbox.close();
    }
  },
);
