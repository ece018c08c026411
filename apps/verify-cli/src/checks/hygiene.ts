import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pass, skip, warn, type CheckResult } from './check-result.js';
import { ignoredByGitignore } from './gitignore-rules.js';
import type { TokenSourceKind } from '../token/token-source.js';

/**
 * Hygiene: a token read from ./.env must not end up in git. Git is asked first
 * (`git check-ignore --no-index`, so a tracked file still reports its rules, plus `git ls-files`
 * to see whether it is already committed), with a timeout; when git is missing or hangs, the
 * local .gitignore is read instead and the result says so.
 */
export const GIT_TIMEOUT_MS = 3_000;

interface GitAnswer {
  code: number | null;
  /** Set when git could not be run or did not answer. */
  failure?: 'missing' | 'timeout' | 'error';
}

function git(
  args: string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<GitAnswer> {
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      { cwd, env: { ...env }, timeout: GIT_TIMEOUT_MS, windowsHide: true },
      (error) => {
        if (!error) return resolve({ code: 0 });
        const e = error as NodeJS.ErrnoException & {
          code?: string | number;
          killed?: boolean;
          signal?: string | null;
        };
        if (e.code === 'ENOENT') return resolve({ code: null, failure: 'missing' });
        if (e.killed || e.signal) return resolve({ code: null, failure: 'timeout' });
        if (typeof e.code === 'number') return resolve({ code: e.code });
        resolve({ code: null, failure: 'error' });
      },
    );
  });
}

const NOT_IGNORED_REMEDY = {
  cause: 'The token sits in ./.env, and git would commit that file with the next `git add`.',
  action: 'Add a line `.env` to .gitignore (with `.env.local` and `.env.*.local`).',
};

const TRACKED_REMEDY = {
  cause: './.env is already committed to git, so the token is in the repository history.',
  action:
    'Revoke the token in Attio and create a new one, run `git rm --cached .env`, and add `.env` to .gitignore.',
};

/**
 * The hygiene check for a token from `source`.
 *
 * @example
 * await hygieneCheck({ source: 'dotenv', cwd: '/repo', env: process.env }); // pass: ".env is ignored by git"
 */
export async function hygieneCheck(input: {
  source: TokenSourceKind;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}): Promise<CheckResult> {
  if (input.source !== 'dotenv') return skip('hygiene', 'token did not come from ./.env');
  const ignore = await git(
    ['check-ignore', '-q', '--no-index', '--', '.env'],
    input.cwd,
    input.env,
  );
  if (ignore.failure) return fallback(input.cwd, ignore.failure);
  if (ignore.code === 128)
    return skip('hygiene', 'not inside a git repository: nothing to check .env against');
  const tracked = await git(['ls-files', '--error-unmatch', '--', '.env'], input.cwd, input.env);
  if (tracked.code === 0) {
    return warn('hygiene', './.env is committed to git, with the token in it', {
      remedy: TRACKED_REMEDY,
    });
  }
  if (ignore.code === 0) return pass('hygiene', './.env is ignored by git');
  if (ignore.code === 1)
    return warn('hygiene', './.env is not ignored by git', { remedy: NOT_IGNORED_REMEDY });
  return fallback(input.cwd, 'error');
}

async function fallback(cwd: string, why: 'missing' | 'timeout' | 'error'): Promise<CheckResult> {
  const reason = {
    missing: 'git is not installed',
    timeout: `git did not answer within ${GIT_TIMEOUT_MS / 1000} s`,
    error: 'git failed',
  }[why];
  const note = `${reason}; read ./.gitignore only (not parent directories or global excludes)`;
  let text: string | undefined;
  try {
    text = await readFile(join(cwd, '.gitignore'), 'utf8');
  } catch {
    text = undefined;
  }
  if (text !== undefined && ignoredByGitignore(text, '.env')) {
    return pass('hygiene', './.env is listed in ./.gitignore', [note]);
  }
  const what =
    text === undefined ? 'there is no ./.gitignore' : './.env is not listed in ./.gitignore';
  return warn('hygiene', what, { details: [note], remedy: NOT_IGNORED_REMEDY });
}
