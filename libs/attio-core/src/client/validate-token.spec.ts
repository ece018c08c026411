import { AttioInvalidTokenFormatError } from '@attio-auth/attio-errors';
import { assertTokenFormat } from './validate-token.js';

const messageOf = (token: unknown): string => {
  try {
    assertTokenFormat(token);
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(AttioInvalidTokenFormatError);
    return (e as Error).message;
  }
};

describe('assertTokenFormat', () => {
  it('when the token is plausible, then it passes', () => {
    expect(messageOf('sk_live_0123456789abcdef')).toBe('ok');
    expect(messageOf('9f8e7d6c5b4a3928')).toBe('ok');
  });

  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['Bearer abc123', 'starts with "Bearer "; remove that prefix'],
    ['"abc123"', 'is wrapped in quotes; remove them'],
    [' abc123', 'has leading or trailing whitespace'],
    ['abc123\n', 'has leading or trailing whitespace'],
    ['abc 123', 'contains whitespace'],
    ['abc\u0007123', 'contains control or non-ASCII characters'],
    ['abc’123', 'contains control or non-ASCII characters'],
    [undefined, 'must be a string, got undefined'],
    [null, 'must be a string, got null'],
  ])('when the token is %j, then the message says it %s without echoing it', (token, problem) => {
    const message = messageOf(token);
    expect(message).toBe(
      `The Attio token ${problem}. Pass only the token itself, as shown once in Settings > Developers or returned by the OAuth exchange.`,
    );
  });
});
