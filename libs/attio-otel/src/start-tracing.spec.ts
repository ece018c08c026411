import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createAttioClient } from '@attio-auth/attio-core';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';

import { inRootSpan } from './in-root-span.js';
import { startTracing, tracesUrlOf } from './start-tracing.js';

/** A minimal OTLP/HTTP receiver on port 0: records each JSON export request. */
async function startReceiver(): Promise<{
  url: string;
  exports: { path: string; contentType: string | undefined; body: OtlpBody }[];
  close(): Promise<void>;
  server: Server;
}> {
  const exports: { path: string; contentType: string | undefined; body: OtlpBody }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      exports.push({
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpBody,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: number | string };
}
interface OtlpBody {
  resourceSpans: {
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: {
      scope: { name: string };
      spans: { name: string; traceId: string; parentSpanId?: string; spanId: string }[];
    }[];
  }[];
}

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rateLimit: false });
});
afterAll(async () => {
  await sandbox.close();
});

describe('startTracing', () => {
  it('when an endpoint has a trailing slash, then spans go to <endpoint>/v1/traces with one slash', () => {
    expect(tracesUrlOf('http://collector:4318/')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrlOf('http://collector:4318/otlp')).toBe('http://collector:4318/otlp/v1/traces');
  });

  it('when a root span wraps an Attio call and tracing shuts down, then the OTLP receiver gets one trace with the service name', async () => {
    const receiver = await startReceiver();
    try {
      const tracing = startTracing({ serviceName: 'attio-test-service', endpoint: receiver.url });
      const client = createAttioClient({
        token: sandbox.fixtures.tokens.full,
        baseUrl: sandbox.urls.api,
        rateLimit: false,
      });
      await inRootSpan('attio-auth test', () => client.self());
      await tracing.shutdown();

      expect(receiver.exports.map((e) => [e.path, e.contentType])).toEqual([
        ['/v1/traces', 'application/json'],
      ]);
      const resourceSpans = receiver.exports[0]?.body.resourceSpans[0];
      if (resourceSpans === undefined) throw new Error('no resourceSpans exported');
      expect(
        resourceSpans.resource.attributes.find((a) => a.key === 'service.name')?.value,
      ).toEqual({ stringValue: 'attio-test-service' });
      const spans = resourceSpans.scopeSpans.flatMap((s) => s.spans);
      expect(spans.map((s) => s.name).sort()).toEqual([
        'GET /v2/self',
        'attio GET /v2/self',
        'attio-auth test',
      ]);
      expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
      expect(JSON.stringify(receiver.exports)).not.toContain(sandbox.fixtures.tokens.full);
    } finally {
      await receiver.close();
    }
  });

  it('when shut down twice, then the second call resolves without exporting again', async () => {
    const receiver = await startReceiver();
    try {
      const tracing = startTracing({ serviceName: 'svc', endpoint: receiver.url });
      await inRootSpan('one', async () => undefined);
      await tracing.shutdown();
      await tracing.shutdown();
      expect(receiver.exports).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });
});
