/**
 * A real HTTP receiver on 127.0.0.1 port 0 that verifies every delivery with the `standardwebhooks`
 * package (the specification's reference library, not our own verifier) and records what it got.
 * Tests say how it answers (`respond`), e.g. 503 with Retry-After, 410, or "down".
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Webhook } from 'standardwebhooks';

/** One delivery as the receiver saw it. */
export interface Received {
  readonly webhookId: string;
  readonly type: string;
  readonly workspaceId: string | null;
  /** Which configured secret verified it (index), or -1 when none did. */
  readonly verifiedWith: number;
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** How to answer one request: a status with headers and body, or drop the socket. */
export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'destroy';

export interface SignedReceiver {
  readonly url: string;
  /** Every request, in arrival order (answered 2xx or not). */
  readonly all: Received[];
  /** Only those answered 2xx. */
  delivered(): Received[];
  respond(fn: (request: { webhookId: string; body: string }) => Reply): void;
  close(): Promise<void>;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/**
 * Starts a receiver that verifies with each of `secrets` (a destination's one or two `whsec_…`).
 *
 * @example
 * ```ts
 * const receiver = await startSignedReceiver([secret]);
 * expect(receiver.delivered().map((r) => r.type)).toEqual(['connection.created']);
 * ```
 */
export async function startSignedReceiver(secrets: readonly string[]): Promise<SignedReceiver> {
  const verifiers = secrets.map((s) => new Webhook(s));
  const all: Received[] = [];
  let respond: (request: { webhookId: string; body: string }) => Reply = () => ({ status: 204 });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = headersOf(req);
      const verifiedWith = verifiers.findIndex((v) => {
        try {
          v.verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      let parsed: { type?: string; data?: { workspace_id?: string } } = {};
      try {
        parsed = JSON.parse(body) as typeof parsed;
      } catch {
        // recorded as is
      }
      const webhookId = headers['webhook-id'] ?? '';
      const reply = respond({ webhookId, body });
      const status = reply === 'destroy' ? 0 : reply.status;
      all.push({
        webhookId,
        type: parsed.type ?? '',
        workspaceId: parsed.data?.workspace_id ?? null,
        verifiedWith,
        status,
        body,
        headers,
      });
      if (reply === 'destroy') {
        req.socket.destroy();
        return;
      }
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/attio`,
    all,
    delivered: () => all.filter((r) => r.status >= 200 && r.status < 300),
    respond(fn) {
      respond = fn;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
