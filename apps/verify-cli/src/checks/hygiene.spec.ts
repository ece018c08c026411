import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hygieneCheck } from './hygiene.js';

/** Real git in a temporary repository; "git absent" is a PATH that has no git. */
describe('hygieneCheck', () => {
  let dir: string;
  const env = { PATH: process.env['PATH'], HOME: '/nonexistent-home', GIT_CONFIG_NOSYSTEM: '1' };
  const gitInit = () =>
    execFileSync('git', ['init', '-q', dir], { env: { ...process.env, ...env } });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'verify-hygiene-'));
    writeFileSync(join(dir, '.env'), 'ATTIO_API_KEY=sk_abcdef\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when the token did not come from ./.env, then the check is skipped', async () => {
    expect(await hygieneCheck({ source: 'env', cwd: dir, env })).toEqual({
      id: 'hygiene',
      status: 'skip',
      summary: 'token did not come from ./.env',
      details: [],
    });
  });

  it('when .gitignore lists .env in a git repository, then it passes', async () => {
    gitInit();
    writeFileSync(join(dir, '.gitignore'), 'node_modules\n.env\n');
    const result = await hygieneCheck({ source: 'dotenv', cwd: dir, env });
    expect(result).toEqual({
      id: 'hygiene',
      status: 'pass',
      summary: './.env is ignored by git',
      details: [],
    });
  });

  it('when .env is not ignored, then a warning with the remedy (exit code unaffected: no outcome)', async () => {
    gitInit();
    const result = await hygieneCheck({ source: 'dotenv', cwd: dir, env });
    expect(result.status).toBe('warn');
    expect(result.summary).toBe('./.env is not ignored by git');
    expect(result.outcome).toBeUndefined();
    expect(result.remedy?.action).toBe(
      'Add a line `.env` to .gitignore (with `.env.local` and `.env.*.local`).',
    );
  });

  it('when .env is already committed, then the warning says so even though .gitignore lists it now', async () => {
    gitInit();
    const gitEnv = {
      ...process.env,
      ...env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    };
    execFileSync('git', ['add', '.env'], { cwd: dir, env: gitEnv });
    execFileSync('git', ['commit', '-q', '-m', 'oops'], { cwd: dir, env: gitEnv });
    writeFileSync(join(dir, '.gitignore'), '.env\n');
    const result = await hygieneCheck({ source: 'dotenv', cwd: dir, env });
    expect(result.status).toBe('warn');
    expect(result.summary).toBe('./.env is committed to git, with the token in it');
  });

  it('when the directory is not in a git repository, then it is skipped and says why', async () => {
    const result = await hygieneCheck({
      source: 'dotenv',
      cwd: dir,
      env: { ...env, GIT_CEILING_DIRECTORIES: tmpdir() },
    });
    expect(result.status).toBe('skip');
    expect(result.summary).toBe('not inside a git repository: nothing to check .env against');
  });

  it('when git is not installed, then ./.gitignore is read and the result says git was absent', async () => {
    const emptyBin = join(dir, 'empty-bin');
    mkdirSync(emptyBin);
    writeFileSync(join(dir, '.gitignore'), '.env*\n');
    const ignored = await hygieneCheck({ source: 'dotenv', cwd: dir, env: { PATH: emptyBin } });
    expect(ignored).toEqual({
      id: 'hygiene',
      status: 'pass',
      summary: './.env is listed in ./.gitignore',
      details: [
        'git is not installed; read ./.gitignore only (not parent directories or global excludes)',
      ],
    });
    rmSync(join(dir, '.gitignore'));
    const missing = await hygieneCheck({ source: 'dotenv', cwd: dir, env: { PATH: emptyBin } });
    expect(missing.status).toBe('warn');
    expect(missing.summary).toBe('there is no ./.gitignore');
  });
});
