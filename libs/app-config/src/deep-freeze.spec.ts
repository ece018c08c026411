import { deepFreeze } from './deep-freeze.js';

describe('deepFreeze', () => {
  it('when given nested objects and arrays, then every level is frozen and the same object returned', () => {
    const value = { http: { port: 3000, tls: { on: false } }, scopes: ['a', { b: 1 }] };
    const frozen = deepFreeze(value);
    expect(frozen).toBe(value);
    expect(Object.isFrozen(frozen)).toBe(true);
    expect(Object.isFrozen(frozen.http)).toBe(true);
    expect(Object.isFrozen(frozen.http.tls)).toBe(true);
    expect(Object.isFrozen(frozen.scopes)).toBe(true);
    expect(Object.isFrozen(frozen.scopes[1])).toBe(true);
  });

  it('when frozen, then writes throw in strict mode and leave the value unchanged', () => {
    const frozen = deepFreeze({ http: { port: 3000 } });
    expect(() => {
      (frozen.http as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(frozen.http.port).toBe(3000);
  });

  it('when the value refers to itself, then it is frozen without looping', () => {
    const value: { self?: unknown; list: unknown[] } = { list: [] };
    value.self = value;
    value.list.push(value);
    expect(Object.isFrozen(deepFreeze(value))).toBe(true);
    expect(Object.isFrozen(value.list)).toBe(true);
  });

  it('when given primitives, undefined or null, then they come back as they are', () => {
    expect(deepFreeze(3)).toBe(3);
    expect(deepFreeze('x')).toBe('x');
    expect(deepFreeze(undefined)).toBeUndefined();
    expect(deepFreeze(null)).toBeNull();
  });
});
