/**
 * A real HTTP receiver on 127.0.0.1, port 0, for delivery tests: it records every request (headers and the
 * raw body, which signature verification needs byte for byte) and answers as the test says: a status with
 * headers and body, never (`hang`, for timeouts) or by dropping the socket (`destroy`).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the receiver saw it. Header names are lower-case. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** How to answer one request. */
export type ReceiverReply =
  | { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string }
  | 'hang'
  | 'destroy';

/** Decides the reply to each request (default: 204). */
export type Responder = (request: ReceivedRequest) => ReceiverReply;

/** A running receiver. */
export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  /** Every request so far, in arrival order. */
  readonly requests: readonly ReceivedRequest[];
  /** Changes how later requests are answered. */
  respondWith(responder: Responder): void;
  /** Stops listening and drops open connections (hung ones included). */
  close(): Promise<void>;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * Starts a receiver.
 *
 * @example
 * ```ts
 * const receiver = await startWebhookReceiver(() => ({ status: 503, headers: { 'retry-after': '7' } }));
 * // … deliver to `${receiver.url}/hook` …
 * expect(receiver.requests).toHaveLength(1);
 * await receiver.close();
 * ```
 */
export async function startWebhookReceiver(responder?: Responder): Promise<WebhookReceiver> {
  let respond: Responder = responder ?? (() => ({ status: 204 }));
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: headersOf(req),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      const reply = respond(received);
      if (reply === 'hang') return;
      if (reply === 'destroy') {
        req.socket.destroy();
        return;
      }
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith(next) {
      respond = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/**
 * A local port with nothing listening on it (a server is opened on port 0 and closed again), for
 * "connection refused" cases.
 *
 * @example
 * ```ts
 * const url = `http://127.0.0.1:${await closedPort()}/hook`;
 * ```
 */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
