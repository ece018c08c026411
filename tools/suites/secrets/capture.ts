/**
 * Capturing everything the apps emit: a fetch that records our services' HTTP answers (status,
 * headers, body), a webhook receiver for alerts, child processes with their stdout/stderr, and the
 * files a run leaves behind.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { REPO_ROOT } from '../shared/app-runners.js';
import type { CapturedSource } from './find-leaks.js';

/**
 * A fetch that records every answer from an origin in `prefixes` (redirect Locations and
 * Set-Cookie included) into `sources`.
 *
 * @example
 * ```ts
 * const sources: CapturedSource[] = [];
 * const recording = recordingFetch([service.url], sources);
 * await runInstall(service.url, { fetch: recording });
 * ```
 */
export function recordingFetch(
  prefixes: readonly string[],
  sources: CapturedSource[],
): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (prefixes.some((p) => url.startsWith(p))) {
      const headers = [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
      const body = await res.clone().text();
      sources.push({
        name: `HTTP answer to ${init?.method ?? 'GET'} ${new URL(url).pathname}`,
        content: `${res.status}\n${headers}\n\n${body}`,
      });
    }
    return res;
  };
}

/** A local webhook receiver; `bodies` holds every request it got (headers and body). */
export async function webhookReceiver(): Promise<{
  url: string;
  bodies: string[];
  close(): Promise<void>;
}> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(`${JSON.stringify(req.headers)}\n${data}`);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Output of a finished child process. */
export interface ChildResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a TypeScript entry point of this repository as a child process (the tool runner), with only
 * PATH/HOME plus `env`, optional stdin text, bounded by `timeoutMs`.
 *
 * @example
 * ```ts
 * const r = await runChild('apps/verify-cli/src/main.ts', ['--token-stdin', '--json'], { }, token);
 * ```
 */
export function runChild(
  entry: string,
  args: readonly string[],
  env: Record<string, string>,
  stdin?: string,
  timeoutMs = 60_000,
): Promise<ChildResult> {
  return new Promise((resolve) => {
    // The register hook registers its loader relative to the working directory: run in the repository.
    const child = spawn(
      process.execPath,
      [
        '--conditions=@attio-auth/source',
        '--import',
        '@swc-node/register/esm-register',
        join(REPO_ROOT, entry),
        ...args,
      ],
      {
        cwd: REPO_ROOT,
        env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin ?? '');
  });
}

/**
 * Every file under `dir` (recursively) as a source, read as bytes (database files, WAL, logs).
 *
 * @example
 * ```ts
 * sources.push(...filesUnder(dataDir, 'sqlite run'));
 * ```
 */
export function filesUnder(
  dir: string,
  label: string,
  exclude: readonly string[] = [],
): CapturedSource[] {
  const out: CapturedSource[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (exclude.includes(path)) continue;
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, label, exclude));
    else out.push({ name: `${label} file ${name}`, content: readFileSync(path) });
  }
  return out;
}
