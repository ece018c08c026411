import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generateWebhookSecret } from '@attio-auth/attio-events';

import { ConfigError, loadConfig, type ConfigProblem } from '../config.js';

const minimal = {
  PUBLIC_BASE_URL: 'https://install.example.com/',
  ATTIO_CLIENT_ID: 'client-1',
  ATTIO_CLIENT_SECRET: 'secret-1',
  TOKEN_ENCRYPTION_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
};

function problemsOf(env: Record<string, string | undefined>): readonly ConfigProblem[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const secret = generateWebhookSecret();
const destinations = (url: string) =>
  JSON.stringify([
    { id: 'sync', kind: 'standard', url, secrets: [secret], events: ['connection.*'] },
  ]);

describe('event delivery configuration', () => {
  it('when EVENT_DESTINATIONS lists a destination, then it reaches the config with the delivery settings', () => {
    const config = loadConfig({
      ...minimal,
      EVENT_DESTINATIONS: destinations('https://sync.example.com/hooks/attio'),
      EVENT_DELIVERY_MAX_AGE_HOURS: '2',
      EVENT_DELIVERY_CONCURRENCY: '4',
    });
    expect(config.events).toEqual({
      destinations: [
        {
          id: 'sync',
          kind: 'standard',
          url: 'https://sync.example.com/hooks/attio',
          secrets: [secret],
          events: ['connection.*'],
        },
      ],
      maxAgeMs: 7_200_000,
      concurrency: 4,
      ssrf: { production: true, allowLoopback: false, allowPrivate: false },
    });
  });

  it('when EVENT_DESTINATIONS_FILE names a file, then the destinations are read from it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'event-config-'));
    try {
      const file = join(dir, 'destinations.json');
      writeFileSync(file, `${destinations('https://sync.example.com/hooks/attio')}\n`);
      expect(
        loadConfig({ ...minimal, EVENT_DESTINATIONS_FILE: file }).events.destinations.map(
          (d) => d.id,
        ),
      ).toEqual(['sync']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when a destination secret is malformed, then the entry is named and the secret is not echoed', () => {
    const bad = 'whsec_not-base64!!';
    const [problem] = problemsOf({
      ...minimal,
      EVENT_DESTINATIONS: JSON.stringify([
        { id: 'sync', kind: 'standard', url: 'https://sync.example.com/x', secrets: [bad] },
      ]),
    });
    expect(problem?.variable).toBe('EVENT_DESTINATIONS');
    expect(problem?.message).toContain('[0].secrets[0]');
    expect(problem?.message).not.toContain('not-base64');
  });

  it('when production has a plain http or a loopback destination, then the SSRF guard refuses it at start-up', () => {
    expect(
      problemsOf({ ...minimal, EVENT_DESTINATIONS: destinations('http://sync.example.com/x') }),
    ).toEqual([
      {
        variable: 'EVENT_DESTINATIONS',
        message:
          'entry 0 (sync, http://sync.example.com/…): In production a destination URL must use https:; change the URL or the receiver.',
      },
    ]);
    const loopback = problemsOf({
      ...minimal,
      EVENT_DESTINATIONS: destinations('https://127.0.0.1:8443/x'),
    });
    expect(loopback.map((p) => p.variable)).toEqual(['EVENT_DESTINATIONS']);
    expect(loopback[0]?.message).toContain('EVENT_ALLOW_LOOPBACK_DESTINATIONS=1');
    expect(
      loadConfig({
        ...minimal,
        EVENT_DESTINATIONS: destinations('https://127.0.0.1:8443/x'),
        EVENT_ALLOW_LOOPBACK_DESTINATIONS: '1',
      }).events.ssrf,
    ).toEqual({ production: true, allowLoopback: true, allowPrivate: false });
  });

  it('when a private-network destination is configured in production, then it is refused unless allowed', () => {
    const env = { ...minimal, EVENT_DESTINATIONS: destinations('https://10.1.2.3/hooks') };
    expect(problemsOf(env)[0]?.message).toContain('EVENT_ALLOW_PRIVATE_DESTINATIONS=1');
    expect(
      loadConfig({ ...env, EVENT_ALLOW_PRIVATE_DESTINATIONS: '1' }).events.destinations,
    ).toHaveLength(1);
  });
});
