import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { fetchTransport, type TransportRequest } from './transport.js';

/** A real server on port 0: /start answers 307 to /elsewhere, which answers 200. */
async function startRedirectingServer(): Promise<{
  url: string;
  seen: string[];
  close: () => Promise<void>;
}> {
  const seen: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${body}`);
      if (req.url === '/start') {
        res.writeHead(307, { location: '/elsewhere', 'content-type': 'text/plain' });
        res.end('moved');
      } else {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('arrived');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const post: TransportRequest = {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: 'code=secret-code',
  signal: undefined,
  timeoutMs: 5_000,
};

describe('fetchTransport', () => {
  let server: Awaited<ReturnType<typeof startRedirectingServer>>;
  beforeEach(async () => {
    server = await startRedirectingServer();
  });
  afterEach(() => server.close());

  it("when redirect is 'manual' and the server answers 307, then the 307 is returned and nothing is re-sent", async () => {
    const res = await fetchTransport(fetch, { redirect: 'manual' })(`${server.url}/start`, post);
    expect(res.status).toBe(307);
    expect((res.headers as Headers).get('location')).toBe('/elsewhere');
    expect(res.text).toBe('moved');
    expect(server.seen).toEqual(['POST /start code=secret-code']);
  });

  it('when redirect is left at its default, then fetch follows the 307 and re-posts the body', async () => {
    const res = await fetchTransport(fetch)(`${server.url}/start`, post);
    expect(res.status).toBe(200);
    expect(res.text).toBe('arrived');
    expect(server.seen).toEqual([
      'POST /start code=secret-code',
      'POST /elsewhere code=secret-code',
    ]);
  });
});
