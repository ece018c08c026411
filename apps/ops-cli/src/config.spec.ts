import { ConfigError } from '@attio-auth/app-config';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadConfig } from './config.js';

// Docker and Kubernetes mount secrets as files: the CLI's two secrets may come as NAME_FILE.
describe('loadConfig with NAME_FILE secrets', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ops-secrets-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function mounted(name: string, value: string): string {
    const path = join(dir, name);
    writeFileSync(path, `${value}\r\n`);
    return path;
  }

  it('when DATABASE_URL and TOKEN_ENCRYPTION_KEYS come as files, then their values are read with the line ending trimmed', () => {
    const keys = 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    const config = loadConfig({
      DATABASE_URL_FILE: mounted('database_url', 'postgres://ops:pw@db:5432/attio'),
      TOKEN_ENCRYPTION_KEYS_FILE: mounted('keys', keys),
    });
    expect(config.store.databaseUrl).toBe('postgres://ops:pw@db:5432/attio');
    expect(config.store.tokenEncryptionKeys).toBe(keys);
  });

  it('when DATABASE_URL is set both ways, then DATABASE_URL_FILE is named and no value is shown', () => {
    let problems: string[] = [];
    try {
      loadConfig({
        DATABASE_URL: 'postgres://ops:inline-pw@db/attio',
        DATABASE_URL_FILE: mounted('database_url', 'postgres://ops:file-pw@db/attio'),
      });
    } catch (err) {
      problems = (err as ConfigError).problems.map((p) => `${p.variable}: ${p.message}`);
    }
    expect(problems).toEqual([
      'DATABASE_URL_FILE: cannot be set together with DATABASE_URL; set only one of them',
    ]);
  });
});
