import { safeReturnTo } from './console-return-to.js';

describe('safeReturnTo', () => {
  it.each(['/admin/console', '/admin/console/events', '/admin/console/connections?status=revoked'])(
    'when the target is a console page (%s), then it is kept',
    (target) => {
      expect(safeReturnTo(target)).toBe(target);
    },
  );

  it.each([
    'https://evil.example/admin/console',
    '//evil.example',
    '/admin/consolex',
    '/admin/console//evil.example',
    '/admin/console/../../install',
    '/admin/console/\\evil',
    '/admin/console/ x',
    '/install',
    undefined,
    ['/admin/console'],
    `/admin/console/${'a'.repeat(600)}`,
  ])('when the target is anything else (%j), then the overview is used', (target) => {
    expect(safeReturnTo(target)).toBe('/admin/console');
  });
});
