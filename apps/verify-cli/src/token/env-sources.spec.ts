import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvSources } from './env-sources.js';
import { resolveToken } from './token-source.js';
import { SetupError } from '../setup-error.js';

const noStdin = (async function* () {
  yield* [];
})();

describe('loadEnvSources and resolveToken', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'verify-env-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when ATTIO_API_KEY is in ./.env only, then the token comes from ./.env with that label', async () => {
    writeFileSync(join(dir, '.env'), '# comment\nATTIO_API_KEY="sk_from_dotenv_123"\nOTHER=1\n');
    const env = await loadEnvSources({ env: {}, cwd: dir });
    const source = await resolveToken({ tokenStdin: false }, { stdin: noStdin }, env);
    expect(source).toEqual({
      kind: 'dotenv',
      label: 'ATTIO_API_KEY in ./.env',
      token: 'sk_from_dotenv_123',
    });
  });

  it('when the environment and ./.env both have it, then the environment wins', async () => {
    writeFileSync(join(dir, '.env'), 'ATTIO_API_KEY=sk_from_dotenv_123\n');
    const env = await loadEnvSources({ env: { ATTIO_API_KEY: 'sk_from_env_456' }, cwd: dir });
    const source = await resolveToken({ tokenStdin: false }, { stdin: noStdin }, env);
    expect(source).toEqual({
      kind: 'env',
      label: 'ATTIO_API_KEY in the environment',
      token: 'sk_from_env_456',
    });
  });

  it('when --token is given, then it wins over everything', async () => {
    const env = await loadEnvSources({ env: { ATTIO_API_KEY: 'sk_from_env_456' }, cwd: dir });
    expect(
      await resolveToken({ token: 'sk_flag_789', tokenStdin: false }, { stdin: noStdin }, env),
    ).toEqual({
      kind: 'flag',
      label: '--token',
      token: 'sk_flag_789',
    });
  });

  it('when --token-stdin is given, then exactly one trailing newline is removed', async () => {
    const env = await loadEnvSources({ env: {}, cwd: dir });
    const stdin = (async function* () {
      yield Buffer.from('sk_from_');
      yield 'stdin  \n';
    })();
    expect(await resolveToken({ tokenStdin: true }, { stdin }, env)).toEqual({
      kind: 'stdin',
      label: 'standard input',
      token: 'sk_from_stdin  ',
    });
  });

  it('when the environment value is empty, then ./.env is used (an empty variable counts as unset)', async () => {
    writeFileSync(join(dir, '.env'), 'ATTIO_API_KEY=sk_from_dotenv_123\n');
    const env = await loadEnvSources({ env: { ATTIO_API_KEY: '' }, cwd: dir });
    expect((await resolveToken({ tokenStdin: false }, { stdin: noStdin }, env)).kind).toBe(
      'dotenv',
    );
  });

  it('when no source has a token, then a SetupError says where it looked', async () => {
    const none = await loadEnvSources({ env: {}, cwd: dir });
    await expect(resolveToken({ tokenStdin: false }, { stdin: noStdin }, none)).rejects.toThrow(
      new SetupError(
        'no token to verify: ATTIO_API_KEY is not set and there is no ./.env. Pass --token-stdin, set ATTIO_API_KEY, or use --workspace <id> for a stored connection.',
      ),
    );
    writeFileSync(join(dir, '.env'), 'ATTIO_API_KEY=\n');
    const empty = await loadEnvSources({ env: {}, cwd: dir });
    await expect(resolveToken({ tokenStdin: false }, { stdin: noStdin }, empty)).rejects.toThrow(
      'no token to verify: ATTIO_API_KEY in ./.env is empty and not set in the environment.',
    );
  });

  it('when merged, then the environment overrides ./.env and empty values are dropped', async () => {
    writeFileSync(join(dir, '.env'), 'A=file\nB=file\nC=\n');
    const env = await loadEnvSources({ env: { B: 'env', D: '' }, cwd: dir });
    expect(env.merged()).toEqual({ A: 'file', B: 'env' });
  });
});
