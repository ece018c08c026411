import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Express } from 'express';

/** A bound HTTP server that serves an app once one is attached. */
export interface BoundServer {
  readonly server: Server;
  /** Base URL, e.g. `http://127.0.0.1:43123`. */
  readonly url: string;
  /** Routes every request to `app` (requests before this get 503). */
  serve(app: Express): void;
  /**
   * Stops accepting connections, lets in-flight requests finish (idle keep-alive sockets are closed
   * at once), and after `timeoutMs` cuts whatever is still open. Resolves when the server is closed,
   * with the number of requests that were still running when they were cut.
   */
  close(timeoutMs?: number): Promise<{ abandonedRequests: number }>;
}

/**
 * Binds `host:port` (0 = random) before the app exists, so a caller can learn its own URL first:
 * the OAuth redirect URI contains it, and with port 0 it is only known after binding.
 *
 * @example
 * ```ts
 * const bound = await bindServer({ port: 0, host: '127.0.0.1' });
 * const config = loadConfig({ ...env, PUBLIC_BASE_URL: bound.url });
 * bound.serve(createApp({ config, store, logger }));
 * ```
 */
export function bindServer(options: { port: number; host: string }): Promise<BoundServer> {
  let app: Express | undefined;
  const inFlight = { count: 0 };
  const server = createServer((req, res) => {
    inFlight.count += 1;
    res.once('close', () => {
      inFlight.count -= 1;
    });
    if (app) return void app(req, res);
    res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' }).end('starting\n');
  });
  // Slowloris guard: a client must finish its headers quickly.
  server.headersTimeout = 15_000;
  server.requestTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        url: `http://${host}:${address.port}`,
        serve: (next) => {
          app = next;
        },
        close: (timeoutMs = 10_000) => drain(server, timeoutMs, inFlight),
      });
    });
  });
}

/**
 * Binds and serves `app` in one step.
 *
 * @example
 * ```ts
 * const running = await listen(createApp(deps), { port: 0, host: '127.0.0.1' });
 * await running.close(5_000);
 * ```
 */
export async function listen(
  app: Express,
  options: { port: number; host: string },
): Promise<BoundServer> {
  const bound = await bindServer(options);
  bound.serve(app);
  return bound;
}

function drain(
  server: Server,
  timeoutMs: number,
  inFlight: { readonly count: number },
): Promise<{ abandonedRequests: number }> {
  let abandonedRequests = 0;
  return new Promise((resolve) => {
    if (!server.listening) return resolve({ abandonedRequests });
    const cut = setTimeout(() => {
      abandonedRequests = inFlight.count;
      server.closeAllConnections();
    }, timeoutMs);
    cut.unref();
    // Keep-alive sockets hold close() open: close them when idle now, and as in-flight requests finish.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    sweep.unref();
    server.close(() => {
      clearTimeout(cut);
      clearInterval(sweep);
      resolve({ abandonedRequests });
    });
    server.closeIdleConnections();
  });
}
