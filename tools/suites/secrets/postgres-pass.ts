/**
 * Secrets pass 2 (PostgreSQL, in process): the callback service on a fresh schema with LOG_LEVEL=trace
 * takes installs of every kind, then a health round runs over that schema; captured: the service's
 * log lines, its HTTP answers, the checker's stdout/stderr, and a raw dump of every row of the schema.
 */
import type { Sandbox } from '@attio-auth/attio-sandbox';

import { runTokenHealth } from '../shared/app-runners.js';
import { startInProcessService } from '../shared/callback-service.js';
import { dumpSchema } from '../shared/postgres.js';
import { createSuiteStore } from '../shared/suite-store.js';
import { recordingFetch } from './capture.js';
import { scriptedInstalls } from './install-steps.js';
import type { PassEvidence } from './sqlite-pass.js';

export async function postgresPass(sandbox: Sandbox): Promise<PassEvidence> {
  const location = await createSuiteStore('postgres', 'suite_secrets');
  const service = await startInProcessService(sandbox, location, { LOG_LEVEL: 'trace' });
  sandbox.admin.addRedirectUri(sandbox.fixtures.oauthApp.clientId, service.redirectUri);
  const sources: PassEvidence['sources'] = [];
  try {
    const recording = recordingFetch([service.url], sources);
    const { installed, secrets } = await scriptedInstalls(
      sandbox,
      service.url,
      recording,
      'postgres',
      2,
    );
    secrets.push({
      label: 'TOKEN_ENCRYPTION_KEYS key material (postgres)',
      value: location.keys.slice(location.keys.indexOf(':') + 1),
    });
    for (const ws of installed)
      secrets.push({
        label: `access token issued to ${ws} (postgres)`,
        value: (await service.store.getToken(ws)) ?? '',
      });
    const health = await runTokenHealth(['--once', '--json', '--base-url', sandbox.urls.api], {
      env: {
        DATABASE_URL: location.databaseUrl,
        TOKEN_ENCRYPTION_KEYS: location.keys,
        LOG_LEVEL: 'trace',
        HEALTH_MIN_CHECK_INTERVAL_SECONDS: '0',
      },
    });
    sources.push(
      { name: 'postgres token-health stdout', content: health.stdout },
      { name: 'postgres token-health stderr', content: health.stderr },
    );
    sources.push({ name: 'postgres callback service log', content: service.logs.join('\n') });
    const dump = await dumpSchema(location.schema ?? '');
    sources.push({ name: `postgres dump of schema ${location.schema}`, content: dump });
    const unexpected = [
      ...(installed.length === 2 ? [] : [`postgres: ${installed.length} of 2 installs succeeded`]),
      ...(health.exitCode === 0
        ? []
        : [`postgres token-health: exit ${health.exitCode}, expected 0`]),
    ];
    return {
      sources,
      secrets,
      notes: [
        `postgres: ${installed.length} installs stored, health exit ${health.exitCode}, dump ${dump.length} characters`,
      ],
      unexpected,
    };
  } finally {
    await service.close();
    await location.remove();
  }
}
