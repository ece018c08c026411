/**
 * Sends one hostile request exactly as specified (method, raw target, headers, body) over a
 * keep-alive node:http agent and reads the whole answer, bounded in size and time. node:http is
 * used rather than fetch because it lets the suite send what browsers and fetch refuse to: odd
 * methods, unescaped `<>"` and latin1 bytes in the target, and oversized headers.
 */
import { Agent, request } from 'node:http';

import type { Answer, SentRequest } from './checks.js';

/** A request to send. `target` is path + query, sent verbatim. */
export interface RequestSpec extends SentRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Send the body chunked (no Content-Length). */
  readonly chunked?: boolean;
}

/** How long the client waits for an answer before calling it "no answer". */
const CLIENT_TIMEOUT_MS = 15_000;
/** Bytes read from an answer at most (the size check needs to see "too big", not all of it). */
const READ_CAP = 1024 * 1024;

/**
 * Creates the agent all requests share.
 *
 * @example
 * ```ts
 * const agent = createAgent(16);
 * ```
 */
export function createAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, keepAliveMsecs: 1000 });
}

/**
 * Sends `spec` to `origin` (`http://127.0.0.1:PORT`).
 *
 * @example
 * ```ts
 * const answer = await sendSpec('http://127.0.0.1:3000', { category: 'x', method: 'GET', target: '/install', inputs: [], headers: {} }, agent);
 * ```
 */
export function sendSpec(
  origin: string,
  spec: RequestSpec,
  agent: Agent,
): Promise<Answer | { error: string }> {
  const url = new URL(origin);
  const started = performance.now();
  return new Promise((resolve) => {
    let req;
    try {
      req = request({
        host: url.hostname,
        port: url.port,
        method: spec.method,
        path: spec.target,
        headers: {
          ...spec.headers,
          ...(spec.body !== undefined && !spec.chunked
            ? { 'content-length': String(Buffer.byteLength(spec.body)) }
            : {}),
        },
        agent,
        timeout: CLIENT_TIMEOUT_MS,
      });
    } catch (err) {
      // The client refused to send it (e.g. a character node:http will not put on the wire): not the service's fault.
      return resolve({ error: `client refused: ${(err as Error).message}` });
    }
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (bytes <= READ_CAP) chunks.push(c);
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          bytes,
          durationMs: performance.now() - started,
        }),
      );
      res.on('error', (err) => resolve({ error: err.message }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${CLIENT_TIMEOUT_MS} ms`)));
    req.on('error', (err) =>
      resolve({ error: `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`.trim() }),
    );
    if (spec.body !== undefined) req.write(spec.body);
    req.end();
  });
}
