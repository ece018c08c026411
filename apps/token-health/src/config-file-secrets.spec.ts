import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConfigError, loadConfig } from './config.js';

// Docker and Kubernetes mount secrets as files: every secret of the checker may come as NAME_FILE.
describe('loadConfig with NAME_FILE secrets', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'health-secrets-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function mounted(name: string, value: string): string {
    const path = join(dir, name);
    writeFileSync(path, `${value}\n`);
    return path;
  }

  function problemsOf(env: Record<string, string>): string[] {
    try {
      loadConfig(env);
    } catch (err) {
      if (err instanceof ConfigError) return err.problems.map((p) => `${p.variable}: ${p.message}`);
      throw err;
    }
    return [];
  }

  it('when DATABASE_URL, TOKEN_ENCRYPTION_KEYS and ALERT_WEBHOOK_URL come as files, then their values are read with the newline trimmed', () => {
    const keys = 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    const config = loadConfig({
      DATABASE_URL_FILE: mounted('database_url', 'postgres://health:pw@db:5432/attio'),
      TOKEN_ENCRYPTION_KEYS_FILE: mounted('keys', keys),
      ALERT_WEBHOOK_URL_FILE: mounted('webhook', 'https://hooks.slack.com/services/T/B/x'),
    });
    expect(config.store.databaseUrl).toBe('postgres://health:pw@db:5432/attio');
    expect(config.store.tokenEncryptionKeys).toBe(keys);
    expect(config.events.destinations[0]?.url).toBe('https://hooks.slack.com/services/T/B/x');
  });

  it('when a secret is set both ways, then NAME_FILE is named and no value is shown', () => {
    expect(
      problemsOf({
        TOKEN_ENCRYPTION_KEYS: 'k1:secret-inline',
        TOKEN_ENCRYPTION_KEYS_FILE: mounted('keys', 'k1:secret-in-file'),
      }),
    ).toEqual([
      'TOKEN_ENCRYPTION_KEYS_FILE: cannot be set together with TOKEN_ENCRYPTION_KEYS; set only one of them',
    ]);
  });

  it('when the file does not exist, then the problem names the variable and the path', () => {
    const path = join(dir, 'missing');
    expect(problemsOf({ DATABASE_URL_FILE: path })).toEqual([
      `DATABASE_URL_FILE: cannot read ${path} (ENOENT); point it at a readable file that holds DATABASE_URL`,
    ]);
  });
});
