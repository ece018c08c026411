import { wrapList } from './wrap-list.js';

describe('wrapList', () => {
  it('when the list fits, then one line with the label', () => {
    expect(wrapList('granted: ', ['a:read', 'b:read'])).toEqual(['granted: a:read, b:read']);
  });

  it('when the list is longer than the width, then continuation lines are aligned under the first item', () => {
    expect(wrapList('granted: ', ['a:read', 'b:read', 'c:read'], 20)).toEqual([
      'granted: a:read,',
      '         b:read,',
      '         c:read',
    ]);
  });

  it('when an item alone is longer than the width, then it still gets its own line, unbroken', () => {
    expect(wrapList('x: ', ['short', 'a-very-long-item-name'], 10)).toEqual([
      'x: short,',
      '   a-very-long-item-name',
    ]);
  });

  it('when the list is empty, then "(none)"', () => {
    expect(wrapList('granted: ', [])).toEqual(['granted: (none)']);
  });
});
