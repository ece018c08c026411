import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevKeyRing } from './dev-key-ring.js';

describe('loadOrCreateDevKeyRing', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dev-key-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('when no key file exists, then it creates the directory and a 0600 key file and reports created', () => {
    const dir = join(root, 'nested', '.data');
    const dev = loadOrCreateDevKeyRing(dir);
    expect(dev.created).toBe(true);
    expect(dev.path).toBe(join(dir, 'dev-encryption-key'));
    expect(dev.keyRing.activeKeyId).toBe('dev');
    expect(readFileSync(dev.path, 'utf8')).toBe(`${dev.value}\n`);
    expect(statSync(dev.path).mode & 0o777).toBe(0o600);
  });

  it('when the key file exists, then the same key is loaded and created is false', () => {
    const first = loadOrCreateDevKeyRing(root);
    const second = loadOrCreateDevKeyRing(root);
    expect(second.created).toBe(false);
    expect(second.value).toBe(first.value);
    expect(second.keyRing.keyFor('dev')?.equals(first.keyRing.keyFor('dev') as Buffer)).toBe(true);
  });

  it('when the umask is 022, then a new directory is 0700 and the key file 0600', () => {
    const previous = process.umask(0o022);
    try {
      const dir = join(root, 'fresh', '.data');
      const dev = loadOrCreateDevKeyRing(dir);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(root, 'fresh')).mode & 0o777).toBe(0o700);
      expect(statSync(dev.path).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('when an existing key file is readable by others, then loading it makes it 0600', () => {
    const first = loadOrCreateDevKeyRing(root);
    chmodSync(first.path, 0o644);
    const again = loadOrCreateDevKeyRing(root);
    expect(again.value).toBe(first.value);
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
  });

  it('when the key file is corrupt, then STORE_KEY_INVALID is raised instead of silently replacing it', () => {
    writeFileSync(join(root, 'dev-encryption-key'), 'garbage');
    expect(() => loadOrCreateDevKeyRing(root)).toThrow(
      expect.objectContaining({ code: 'STORE_KEY_INVALID' }) as Error,
    );
    expect(readFileSync(join(root, 'dev-encryption-key'), 'utf8')).toBe('garbage');
  });
});
