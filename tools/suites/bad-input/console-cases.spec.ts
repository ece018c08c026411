import { consoleCases, formulaCells } from './console-cases.js';

describe('formulaCells', () => {
  it('when a quoted or bare cell starts a formula, then it is listed unwrapped', () => {
    expect(formulaCells('id,name\r\nws_1,"=1+""x"""\r\nws_2,@SUM(1)\r\n')).toEqual([
      '=1+"x"',
      '@SUM(1)',
    ]);
  });

  it('when every formula cell carries the quote prefix, then none is listed', () => {
    expect(formulaCells('id,name\r\nws_1,"\'=1+1"\r\nws_2,\'-2\r\n')).toEqual([]);
  });
});

describe('consoleCases', () => {
  const identity = (name: string) => ({
    cookie: `attio_console=${name}.sig`,
    csrf: `${name}-csrf`,
  });
  const cases = consoleCases({
    workspaceId: 'ws_1',
    eventId: 'evt_1',
    viewer: identity('viewer'),
    admin: identity('admin'),
    expired: identity('expired'),
  });

  it('when the cases are built, then every action is posted by a viewer and without CSRF, expecting 403', () => {
    const viewerActions = cases.filter((c) => c.spec.category === 'console-viewer-action');
    expect(viewerActions.map((c) => [c.spec.target, c.expect])).toEqual([
      ['/admin/console/connections/ws_1/reconnect-link', [403]],
      ['/admin/console/connections/ws_1/revoke-token', [403]],
      ['/admin/console/connections/ws_1/delete', [403]],
      ['/admin/console/connections/ws_1/restore', [403]],
      ['/admin/console/events/evt_1/replay', [403]],
    ]);
    expect(cases.filter((c) => c.spec.category === 'console-csrf-missing')).toHaveLength(6);
  });
});
