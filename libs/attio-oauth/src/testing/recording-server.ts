import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What the handler decides for a request: an answer, a destroyed socket, or no answer at all. */
export type Answer =
  | { status: number; body: string; headers?: Record<string, string> }
  | { reset: true }
  | { hang: true };

/**
 * A real HTTP server on 127.0.0.1:0 that records every request and answers as the test says.
 * Used for the token endpoint in unit tests, so the exchange runs over real sockets.
 *
 * @example
 * ```ts
 * const server = await startRecordingServer(() => ({ status: 200, body: '{"access_token":"t","token_type":"Bearer"}' }));
 * await exchangeCode({ ..., tokenUrl: `${server.url}/oauth/token` });
 * expect(server.requests).toHaveLength(1);
 * await server.close();
 * ```
 */
export async function startRecordingServer(handler: (req: RecordedRequest) => Answer) {
  const requests: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const answer = handler(recorded);
      if ('reset' in answer) return void req.socket.destroy();
      if ('hang' in answer) return;
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A loopback URL on which nothing listens (a port just released), for "connection refused".
 *
 * @example
 * ```ts
 * const url = await unusedLocalUrl();
 * ```
 */
export async function unusedLocalUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
