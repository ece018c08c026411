/**
 * Test and benchmark support: whether the machine's Redis answers (decided synchronously, because Jest must know before it
 * registers the tests whether to skip them), and a private redis-server on a free port that a test may stop
 * and restart without touching the Redis other tests and processes use.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * The machine's Redis (callers pass `process.env.TEST_REDIS_URL` first where it may be set).
 *
 * @example
 * ```ts
 * const url = process.env['TEST_REDIS_URL'] ?? DEFAULT_TEST_REDIS_URL;
 * ```
 */
export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** Whether a Redis answers PING at `url` (a child process, so it is synchronous). */
export function redisReachable(url: string = DEFAULT_TEST_REDIS_URL): boolean {
  const script =
    "const u=new URL(process.argv[1]);const s=require('net').connect(Number(u.port||6379),u.hostname);" +
    "s.setTimeout(3000,()=>process.exit(1));s.on('error',()=>process.exit(1));" +
    "s.on('connect',()=>s.write('PING\\r\\n'));s.on('data',d=>process.exit(String(d).startsWith('+PONG')?0:1));";
  return (
    spawnSync(process.execPath, ['-e', script, url], { timeout: 10_000, stdio: 'ignore' })
      .status === 0
  );
}

/** Whether `redis-server` can be started here (for the tests that stop and restart their own). */
export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A port nobody listens on right now (bind port 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** A redis-server of the test's own: `stop()` kills it, `start()` brings it back on the same port. */
export interface OwnRedis {
  readonly port: number;
  readonly url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a private redis-server (no persistence) on a free port.
 *
 * @example
 * ```ts
 * const redis = await startOwnRedis();
 * await redis.stop(); await redis.start(); await redis.stop();
 * ```
 */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const own: OwnRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    start: () =>
      new Promise<void>((resolve, reject) => {
        const proc = spawn(
          'redis-server',
          ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        child = proc;
        let out = '';
        const timer = setTimeout(
          () => reject(new Error(`redis-server did not start: ${out}`)),
          10_000,
        );
        proc.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('Ready to accept connections')) {
            clearTimeout(timer);
            resolve();
          }
        });
        proc.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`redis-server exited with ${String(code)}: ${out}`));
        });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        const proc = child;
        child = undefined;
        if (proc === undefined || proc.exitCode !== null) return resolve();
        proc.removeAllListeners('exit');
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
  await own.start();
  return own;
}
