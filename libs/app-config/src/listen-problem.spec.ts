import { createServer, type Server } from 'node:net';

import { listenProblem } from './listen-problem.js';

function listen(server: Server, port: number, host: string): Promise<unknown> {
  return new Promise((resolve) => {
    server.once('error', resolve);
    server.listen(port, host, () => resolve(undefined));
  });
}

describe('listenProblem', () => {
  it('when the port is taken by a real listener, then PORT is named with the address', async () => {
    const holder = createServer();
    await listen(holder, 0, '127.0.0.1');
    const port = (holder.address() as { port: number }).port;
    const second = createServer();
    try {
      const error = await listen(second, port, '127.0.0.1');
      expect(
        listenProblem(error, {
          host: '127.0.0.1',
          port,
          hostVariable: 'HOST',
          portVariable: 'PORT',
        }),
      ).toEqual({
        variable: 'PORT',
        message:
          `127.0.0.1:${port} is already in use by another process; set PORT to a free port ` +
          '(0 picks one at random), set HOST to another address, or stop the other process',
      });
    } finally {
      second.close();
      holder.close();
    }
  });

  it('when the host is not an address of this machine, then the host variable is named', async () => {
    const server = createServer();
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never assigned to a real interface.
    const error = await listen(server, 0, '192.0.2.1');
    server.close();
    expect(
      listenProblem(error, {
        host: '192.0.2.1',
        port: 0,
        hostVariable: 'HEALTH_HOST',
        portVariable: 'HEALTH_PORT',
      })?.variable,
    ).toBe('HEALTH_HOST');
  });

  it('when the error is not about the address, then there is no configuration problem', () => {
    const target = { host: 'h', port: 1, hostVariable: 'HOST', portVariable: 'PORT' };
    expect(listenProblem(new Error('boom'), target)).toBeUndefined();
    expect(listenProblem(undefined, target)).toBeUndefined();
  });
});
