import { createServer } from 'node:net';
import { AttioError } from './attio-error.js';
import { connectionErrorFrom } from './connection-error-from.js';
import { AttioConnectionError } from './errors/attio-connection-error.js';

const fetchFailed = (cause: unknown): TypeError => new TypeError('fetch failed', { cause });
const sysError = (code: string): Error => Object.assign(new Error(`connect ${code}`), { code });

describe('connectionErrorFrom', () => {
  it('when fetch hits a closed port on a real socket, then the reason is refused', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    await new Promise<void>((r) => server.close(() => r()));
    const url = `http://127.0.0.1:${port}/v2/self`;
    const thrown = await fetch(url).catch((e: unknown) => e);
    const err = connectionErrorFrom(thrown, { method: 'GET', url });
    expect(err).toBeInstanceOf(AttioConnectionError);
    expect((err as AttioConnectionError).reason).toBe('refused');
    expect(err.message).toBe(
      `Could not reach Attio (GET ${url}): the connection was refused [ECONNREFUSED]. ` +
        'Check network access, proxy and DNS for the API host and the configured base URL; the call is safe to retry.',
    );
  });

  it.each([
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ECONNRESET', 'reset'],
    ['UND_ERR_SOCKET', 'reset'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
    ['EHOSTUNREACH', 'unknown'],
  ])('when the cause code is %s, then the reason is %s', (code, reason) => {
    const err = connectionErrorFrom(fetchFailed(sysError(code)));
    expect(err.code).toBe('ATTIO_CONNECTION');
    expect((err as AttioConnectionError).reason).toBe(reason);
  });

  it('when the socket errors are aggregated (happy eyeballs), then the codes inside are used', () => {
    const agg = new AggregateError(
      [sysError('ECONNREFUSED'), sysError('ECONNREFUSED')],
      'all failed',
    );
    expect((connectionErrorFrom(fetchFailed(agg)) as AttioConnectionError).reason).toBe('refused');
  });

  it('when AbortSignal.timeout fired, then it is a timeout error naming the limit', () => {
    const reason = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const err = connectionErrorFrom(reason, { timeoutMs: 250 });
    expect(err.code).toBe('ATTIO_TIMEOUT');
    expect(err.name).toBe('AttioTimeoutError');
    expect(err.message).toBe(
      'Attio did not answer within 250 ms. Retry; raise timeoutMs if large responses are expected.',
    );
  });

  it('when the caller aborted, then it is an abort error', () => {
    const controller = new AbortController();
    controller.abort();
    const err = connectionErrorFrom(controller.signal.reason, {
      method: 'GET',
      url: 'http://x/v2/self',
    });
    expect(err.code).toBe('ATTIO_ABORTED');
    expect(err.message).toBe('The request was aborted by the caller (GET http://x/v2/self).');
  });

  it('when the client says which signal fired, then that wins over the thrown value', () => {
    expect(connectionErrorFrom(new Error('custom reason'), { abortedBy: 'caller' }).code).toBe(
      'ATTIO_ABORTED',
    );
    expect(connectionErrorFrom(new Error('custom reason'), { abortedBy: 'timeout' }).code).toBe(
      'ATTIO_TIMEOUT',
    );
  });

  it('when given an AttioError, then it is returned unchanged', () => {
    const original = new AttioConnectionError({ message: 'x', reason: 'dns' });
    expect(connectionErrorFrom(original)).toBe(original);
  });

  it('when given a non-error value, then it is an unknown connection error keeping the cause', () => {
    const err = connectionErrorFrom('weird');
    expect(err).toBeInstanceOf(AttioError);
    expect((err as AttioConnectionError).reason).toBe('unknown');
    expect(err.cause).toBe('weird');
  });

  it('when the url carries a token, then message and toJSON mask it', () => {
    const err = connectionErrorFrom(fetchFailed(sysError('ECONNRESET')), {
      method: 'GET',
      url: 'http://x/cb?code=authcode99',
      secrets: ['authcode99'],
    });
    expect(err.message).not.toContain('authcode99');
    expect(JSON.stringify(err.toJSON())).not.toContain('authcode99');
    expect(err.toJSON()['cause']).toEqual({
      name: 'TypeError',
      message: 'fetch failed',
    });
  });
});
