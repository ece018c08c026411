import { tokenBudgetKey } from './token-budget-key.js';

describe('tokenBudgetKey', () => {
  it('when a token is hashed, then the key is its SHA-256 in hex and never contains the token', () => {
    const key = tokenBudgetKey('sk_live_abc');
    expect(key).toBe('b2817799acd7f3337c32f967a7c4ca32a767c94190298bace3e0447120385c09');
    expect(key).not.toContain('sk_live_abc');
    expect(tokenBudgetKey('sk_live_abc')).toBe(key);
    expect(tokenBudgetKey('sk_live_abd')).not.toBe(key);
  });
});
