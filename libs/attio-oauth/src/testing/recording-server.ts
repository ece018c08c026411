/**
 * The token endpoint of the attio-oauth specs: core's scripted test server (real sockets on port 0, every
 * request recorded) answering with what the handler returns, including no answer or a destroyed socket.
 */
import {
  startTestServer,
  type RecordedRequest,
  type TestServer,
} from '@attio-auth/attio-core/testing';

export type { RecordedRequest };

/** What the handler decides for a request: an answer, a destroyed socket, or no answer at all. */
export type Answer =
  | { status: number; body: string; headers?: Record<string, string> }
  | { reset: true }
  | { hang: true };

/**
 * A real HTTP server on 127.0.0.1:0 that records every request and answers as the test says.
 *
 * @example
 * ```ts
 * const server = await startRecordingServer(() => ({ status: 200, body: '{"access_token":"t","token_type":"Bearer"}' }));
 * await exchangeCode({ ..., tokenUrl: `${server.url}/oauth/token` });
 * expect(server.requests).toHaveLength(1);
 * await server.close();
 * ```
 */
export function startRecordingServer(
  handler: (req: RecordedRequest) => Answer,
): Promise<TestServer> {
  return startTestServer((req, res) => {
    const answer = handler(req);
    if ('reset' in answer) return void res.socket?.destroy();
    if ('hang' in answer) return;
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body);
  });
}
