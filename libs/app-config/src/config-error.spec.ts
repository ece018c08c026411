import { ConfigError } from './config-error.js';

describe('ConfigError', () => {
  it('when built from problems, then the message has one NAME: message line per problem', () => {
    const err = new ConfigError([
      { variable: 'PORT', message: 'must be a number' },
      { variable: 'ADMIN_TOKEN_FILE', message: 'cannot be set together with ADMIN_TOKEN' },
    ]);
    expect(err.message).toBe(
      'PORT: must be a number\nADMIN_TOKEN_FILE: cannot be set together with ADMIN_TOKEN',
    );
    expect(err.name).toBe('ConfigError');
    expect(err).toBeInstanceOf(Error);
  });

  it('when built, then its problems are a frozen copy', () => {
    const input = [{ variable: 'PORT', message: 'must be a number' }];
    const err = new ConfigError(input);
    input[0] = { variable: 'HOST', message: 'changed' };
    expect(err.problems).toEqual([{ variable: 'PORT', message: 'must be a number' }]);
    expect(Object.isFrozen(err.problems)).toBe(true);
    expect(Object.isFrozen(err.problems[0])).toBe(true);
  });
});
