import { startSandbox } from '../server/start-sandbox.js';
import { http } from '../testing/http-client.js';
import type { Sandbox } from '../types.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false });
});
afterAll(() => sandbox.close());

type Rec = {
  id: { record_id: string };
  values: Record<string, { [k: string]: unknown }[]>;
};
const query = (object: string, json: unknown) =>
  http('POST', `${sandbox.urls.api}/v2/objects/${object}/records/query`, {
    token: sandbox.fixtures.tokens.full,
    json,
  });

describe('records', () => {
  it('when people are paged with limit/offset, then 60 distinct records arrive and the last page is short', async () => {
    const seen = new Set<string>();
    const sizes: number[] = [];
    for (let offset = 0; ; offset += 25) {
      const page = ((await query('people', { limit: 25, offset })).json as { data: Rec[] }).data;
      sizes.push(page.length);
      page.forEach((r) => seen.add(r.id.record_id));
      if (page.length < 25) break;
    }
    expect(sizes).toEqual([25, 25, 10]);
    expect(seen.size).toBe(60);
  });

  it('when the body has no limit, then Attio default 500 applies (all 25 companies)', async () => {
    expect(((await query('companies', {})).json as { data: Rec[] }).data).toHaveLength(25);
  });

  it('when filtering by equality, then only matching records; an unknown attribute is a filter_error', async () => {
    const byName = (await query('companies', { filter: { name: 'Globex' } })).json as {
      data: Rec[];
    };
    expect(byName.data.map((r) => r.values['name']?.[0]?.['value'])).toEqual(['Globex']);
    const byEq = (
      await query('companies', {
        filter: { domains: { $eq: 'globex.example.com' } },
      })
    ).json as { data: Rec[] };
    expect(byEq.data).toHaveLength(1);
    const bad = await query('companies', { filter: { colour: 'red' } });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      status_code: 400,
      type: 'invalid_request_error',
      code: 'filter_error',
      message: 'Unknown attribute slug/ID "colour" in filter.',
    });
    expect(((await query('companies', { limit: -1 })).json as { code: string }).code).toBe(
      'validation_type',
    );
  });

  it('when a record is created, then a later query finds it with the stored value shape', async () => {
    const created = await http('POST', `${sandbox.urls.api}/v2/objects/projects/records`, {
      token: sandbox.fixtures.tokens.full,
      json: { data: { values: { name: 'Apollo', budget: 42 } } },
    });
    expect(created.status).toBe(200);
    const found = (
      (await query('projects', { filter: { name: 'Apollo' } })).json as {
        data: Rec[];
      }
    ).data;
    expect(found).toHaveLength(1);
    expect(found[0]?.values['budget']?.[0]).toMatchObject({
      value: 42,
      attribute_type: 'number',
      active_until: null,
    });
  });

  it('when a value has the wrong type or the body the wrong shape, then 400 validation_type says what to send', async () => {
    const post = (json: unknown) =>
      http('POST', `${sandbox.urls.api}/v2/objects/projects/records`, {
        token: sandbox.fixtures.tokens.full,
        json,
      });
    expect((await post({ data: { values: { budget: 'lots' } } })).json).toMatchObject({
      status_code: 400,
      code: 'validation_type',
      message: 'Attribute "budget" expects a number or an object with a numeric "value".',
    });
    expect(((await post({ values: {} })).json as { message: string }).message).toBe(
      'Body must be { "data": { "values": { <attribute>: <value(s)> } } }.',
    );
  });
});
