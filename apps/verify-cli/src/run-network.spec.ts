import { closedPortUrl } from '@attio-auth/attio-core/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run.js';
import { captureIo } from './testing/capture-io.js';

// DNS resolution of a reserved name and TLS/hanging-server timeouts over real sockets take seconds.
jest.setTimeout(30_000);

/**
 * Reachability failures told apart, over real sockets: refused (a closed port), TLS (https to a
 * plain-http server), DNS (a reserved .invalid name) and a hanging server of our own. Each exits 3.
 */
const TOKEN = 'sk_network_test_0123456789abcdef0123456789abcdef';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

describe('run when Attio cannot be reached', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'verify-net-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function verify(baseUrl: string, extra: string[] = []) {
    const io = captureIo({ cwd: dir, env: { ATTIO_API_KEY: TOKEN } });
    const code = await run(
      ['--base-url', baseUrl, '--retries', '0', '--timeout', '2000', ...extra],
      io,
    );
    expect(io.all()).not.toContain(TOKEN);
    return { code, out: io.out() };
  }

  it('when nothing listens on the port, then "refused" and exit 3', async () => {
    const url = await closedPortUrl();
    const port = new URL(url).port;
    const { code, out } = await verify(url);
    expect(code).toBe(3);
    expect(out).toContain(
      `\n✗ reachable       connection to 127.0.0.1:${port} refused (nothing listening there)\n`,
    );
    expect(out).toContain('\n- identity        not run: 127.0.0.1:');
  });

  it('when https is spoken to a plain-http server, then "TLS" and exit 3', async () => {
    const server = createServer((_req, res) => res.end('plain'));
    const port = await listen(server);
    try {
      const { code, out } = await verify(`https://127.0.0.1:${port}`);
      expect(code).toBe(3);
      expect(out).toContain(
        `\n✗ reachable       TLS handshake with 127.0.0.1:${port} failed (certificate or protocol)\n`,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('when the host name does not resolve, then "DNS" and exit 3', async () => {
    // RFC 6761 §6.4: .invalid never resolves.
    const { code, out } = await verify('https://api.attio.invalid');
    expect(code).toBe(3);
    expect(out).toContain(
      '\n✗ reachable       could not resolve api.attio.invalid (DNS lookup failed)\n',
    );
  });

  it('when fetch refuses the port itself (a "bad port"), then the underlying reason is shown and exit 3', async () => {
    const { code, out } = await verify('http://127.0.0.1:9');
    expect(code).toBe(3);
    expect(out).toContain(
      '\n✗ reachable       network error talking to 127.0.0.1:9\n                  underlying error: bad port\n',
    );
  });

  it('when our own server accepts the request and never answers, then "timeout" and exit 3 with --json', async () => {
    const server = createServer(() => undefined);
    const port = await listen(server);
    try {
      const io = captureIo({ cwd: dir, env: { ATTIO_API_KEY: TOKEN } });
      const code = await run(
        ['--base-url', `http://127.0.0.1:${port}`, '--retries', '0', '--timeout', '250', '--json'],
        io,
      );
      expect(code).toBe(3);
      const doc = JSON.parse(io.out());
      expect(doc.verdict).toBe('could_not_check');
      expect(doc.checks[1]).toEqual({
        id: 'reachability',
        status: 'fail',
        summary: `no answer from 127.0.0.1:${port} within 250 ms (timeout)`,
        details: [],
        outcome: 'could_not_check',
        errorCode: 'ATTIO_TIMEOUT',
        remedy: expect.objectContaining({ cause: expect.any(String), action: expect.any(String) }),
      });
      expect(io.all()).not.toContain(TOKEN);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
