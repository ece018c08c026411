import { createAttioClient } from '../client/create-attio-client.js';
import { json, startTestServer, type TestServer } from '../testing/http-test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ITEMS = ['a', 'b', 'c', 'd', 'e'];
const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe('paginateOffset', () => {
  it('when listing with GET, then limit/offset go in the query and it stops at the first short page', async () => {
    server = await startTestServer((req, res) => {
      const q = new URL(req.url, 'http://x').searchParams;
      const offset = Number(q.get('offset'));
      json(res, 200, {
        data: ITEMS.slice(offset, offset + Number(q.get('limit'))),
      });
    });
    const client = createAttioClient({
      token: 'tok_123456',
      baseUrl: server.url,
      rateLimit: false,
    });
    await expect(
      collect(
        client.paginateOffset<string>({
          path: '/v2/notes',
          limit: 2,
          query: { parent_object: 'people' },
        }),
      ),
    ).resolves.toEqual(ITEMS);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v2/notes?parent_object=people&limit=2&offset=0',
      '/v2/notes?parent_object=people&limit=2&offset=2',
      '/v2/notes?parent_object=people&limit=2&offset=4',
    ]);
  });

  it('when the last page is exactly full, then one more (empty) page ends the listing', async () => {
    server = await startTestServer((req, res) => {
      const offset = Number(new URL(req.url, 'http://x').searchParams.get('offset'));
      json(res, 200, { data: ITEMS.slice(0, 4).slice(offset, offset + 2) });
    });
    const client = createAttioClient({
      token: 'tok_123456',
      baseUrl: server.url,
      rateLimit: false,
    });
    await expect(collect(client.paginateOffset({ path: '/v2/tasks', limit: 2 }))).resolves.toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(server.requests).toHaveLength(3);
  });

  it('when listing with POST (record query), then limit/offset go in the JSON body with the filter', async () => {
    server = await startTestServer((req, res) => {
      const body = JSON.parse(req.body) as { limit: number; offset: number };
      json(res, 200, {
        data: ITEMS.slice(body.offset, body.offset + body.limit),
      });
    });
    const client = createAttioClient({
      token: 'tok_123456',
      baseUrl: server.url,
      rateLimit: false,
    });
    const items = await collect(
      client.paginateOffset({
        method: 'POST',
        path: '/v2/objects/people/records/query',
        body: { filter: { x: 1 } },
        limit: 3,
      }),
    );
    expect(items).toEqual(ITEMS);
    expect(server.requests.map((r) => r.body)).toEqual([
      '{"filter":{"x":1},"limit":3,"offset":0}',
      '{"filter":{"x":1},"limit":3,"offset":3}',
    ]);
  });

  it('when an item schema is given, then each item is validated', async () => {
    server = await startTestServer((_req, res) => json(res, 200, { data: [1, 2] }));
    const client = createAttioClient({
      token: 'tok_123456',
      baseUrl: server.url,
      rateLimit: false,
    });
    const item = { parse: (v: unknown) => (v as number) * 10 };
    await expect(collect(client.paginateOffset({ path: '/v2/x', item }))).resolves.toEqual([
      10, 20,
    ]);
  });
});

describe('paginateCursor', () => {
  it('when pages are short or empty but next_cursor is set, then it keeps following the cursor until null', async () => {
    const pages: Record<string, { data: string[]; next: string | null }> = {
      start: { data: ['a'], next: 'c1' },
      c1: { data: [], next: 'c2' },
      c2: { data: ['b', 'c'], next: null },
    };
    server = await startTestServer((req, res) => {
      const page = pages[new URL(req.url, 'http://x').searchParams.get('cursor') ?? 'start'];
      json(res, 200, {
        data: page?.data,
        pagination: { next_cursor: page?.next },
      });
    });
    const client = createAttioClient({
      token: 'tok_123456',
      baseUrl: server.url,
      rateLimit: false,
    });
    await expect(
      collect(client.paginateCursor({ path: '/v2/meetings', limit: 50 })),
    ).resolves.toEqual(['a', 'b', 'c']);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v2/meetings?limit=50',
      '/v2/meetings?limit=50&cursor=c1',
      '/v2/meetings?limit=50&cursor=c2',
    ]);
  });

  it('when the server repeats a cursor, then it stops with an error instead of looping', async () => {
    server = await startTestServer((_req, res) =>
      json(res, 200, { data: ['x'], pagination: { next_cursor: 'same' } }),
    );
    const client = createAttioClient({
      token: 'tok_123456',
      baseUrl: server.url,
      rateLimit: false,
    });
    await expect(collect(client.paginateCursor({ path: '/v2/files' }))).rejects.toThrow(
      'GET /v2/files returned a repeated pagination.next_cursor; stopping to avoid an endless loop.',
    );
    expect(server.requests).toHaveLength(2);
  });

  it('when the body has no data array, then it fails with a validation error', async () => {
    server = await startTestServer((_req, res) => json(res, 200, { items: [] }));
    const client = createAttioClient({
      token: 'tok_123456',
      baseUrl: server.url,
      rateLimit: false,
    });
    await expect(collect(client.paginateCursor({ path: '/v2/files' }))).rejects.toMatchObject({
      code: 'ATTIO_UNEXPECTED_RESPONSE',
    });
  });
});
