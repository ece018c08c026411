import { z } from 'zod';

import { httpUrl } from './http-url.js';

function messageOf(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error.issues.map((i) => i.message).join('; ');
}

describe('httpUrl', () => {
  it.each([
    ['https://api.attio.com', 'https://api.attio.com'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['  https://install.example.com/  ', 'https://install.example.com'],
    ['https://edge.example.com/attio/callback//', 'https://edge.example.com/attio/callback'],
    ['https://app.example.com/welcome?from=attio/', 'https://app.example.com/welcome?from=attio/'],
    ['HTTPS://API.ATTIO.COM/v2', 'HTTPS://API.ATTIO.COM/v2'],
  ])('when given %p, then it is accepted as %p', (input, output) => {
    expect(httpUrl().parse(input)).toBe(output);
  });

  it.each([
    ['api.attio.com', 'must be an absolute http(s) URL with a host, e.g. https://api.example.com'],
    [
      '/oauth/callback',
      'must be an absolute http(s) URL with a host, e.g. https://api.example.com',
    ],
    ['', 'must be an absolute http(s) URL with a host, e.g. https://api.example.com'],
    [
      'ftp://files.example.com',
      'must start with https:// or http:// (not ftp://), e.g. https://api.example.com',
    ],
    [
      'javascript:alert(1)',
      'must start with https:// or http:// (not javascript://), e.g. https://api.example.com',
    ],
    [
      'file:///etc/passwd',
      'must start with https:// or http:// (not file://), e.g. https://api.example.com',
    ],
    [
      'https://admin:hunter2@api.example.com',
      'must not contain user:password@; give credentials in their own variable',
    ],
    [
      'https://token@api.example.com',
      'must not contain user:password@; give credentials in their own variable',
    ],
    [
      'https://app.example.com/welcome#done',
      'must not contain a #fragment (it is never sent to a server); remove it',
    ],
    [
      'https://app.example.com/#',
      'must not contain a #fragment (it is never sent to a server); remove it',
    ],
  ])('when given %p, then it is refused with %p', (input, message) => {
    expect(messageOf(httpUrl(), input)).toBe(message);
  });

  it('when the value is not a string, then the message still says what to write', () => {
    expect(messageOf(httpUrl(), 42)).toBe(
      'must be an absolute http(s) URL, e.g. https://api.example.com',
    );
  });

  it('when a URL holds a password, then the message does not repeat it', () => {
    expect(messageOf(httpUrl(), 'https://u:s3cr3t-pass@example.com')).not.toContain('s3cr3t');
  });

  it('when queries are not allowed, then a ?query is refused and plain URLs pass', () => {
    const base = httpUrl({ allowQuery: false });
    expect(messageOf(base, 'https://api.attio.com/?region=eu')).toBe(
      'must not contain a ?query (paths are appended to it); remove it',
    );
    expect(messageOf(base, 'https://api.attio.com/?')).toBe(
      'must not contain a ?query (paths are appended to it); remove it',
    );
    expect(base.parse('https://api.attio.com/')).toBe('https://api.attio.com');
  });

  it('when chained with optional and default, then unset values get the default', () => {
    const schema = z.object({ URL: httpUrl().default('https://api.attio.com') });
    expect(schema.parse({})).toEqual({ URL: 'https://api.attio.com' });
    expect(httpUrl().optional().parse(undefined)).toBeUndefined();
  });
});
