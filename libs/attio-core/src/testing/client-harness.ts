/**
 * Test-only: shared set-up of the client specs: one test server per test (closed after it), a client bound to
 * it with the throttle off, and a helper that expects a promise to fail with an AttioError.
 */
import type { AttioError } from '@attio-auth/attio-errors';
import { createAttioClient } from '../client/create-attio-client.js';
import type { AttioClient, AttioClientOptions } from '../client/types.js';
import { startTestServer, type Handler, type TestServer } from './http-test-server.js';

export const TOKEN = 'tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0';

/** Registers an afterEach that closes the server started by `serve`. */
export function useTestServer(): {
  serve(handler: Handler): Promise<TestServer>;
} {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  return {
    async serve(handler) {
      server = await startTestServer(handler);
      return server;
    },
  };
}

export const clientFor = (s: TestServer, extra: Partial<AttioClientOptions> = {}): AttioClient =>
  createAttioClient({
    token: TOKEN,
    baseUrl: s.url,
    rateLimit: false,
    ...extra,
  });

export const failure = (p: Promise<unknown>): Promise<AttioError> =>
  p.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (e: AttioError) => e,
  );
