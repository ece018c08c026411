import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface ReceivedWebhook {
  readonly method: string;
  /** Path and query as requested. */
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

/** One scripted answer: a status (429 comes with `retry-after: 2`), a status with headers, or no answer. */
export type ScriptedAnswer = number | { status: number; headers: Record<string, string> } | 'hang';

/**
 * A real webhook receiver on 127.0.0.1:0 for tests: records every request (POSTs and heartbeat GETs) and answers with the next
 * scripted answer (then 200). `'hang'` never answers.
 */
export async function startWebhookReceiver(script: ScriptedAnswer[] = []) {
  const received: ReceivedWebhook[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        body: text ? JSON.parse(text) : undefined,
      });
      const next = script.shift() ?? 200;
      if (next === 'hang') {
        hanging.push(res);
        return;
      }
      if (typeof next === 'object') res.writeHead(next.status, next.headers);
      else res.writeHead(next, next === 429 ? { 'retry-after': '2' } : {});
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
