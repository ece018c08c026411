import { createStyle, useColour } from './style.js';

describe('useColour', () => {
  it('when stdout is a TTY and nothing forbids it, then colour', () => {
    expect(useColour({ isTTY: true, env: {}, noColor: false })).toBe(true);
  });

  it('when not a TTY, NO_COLOR is set, or --no-color, then no colour', () => {
    expect(useColour({ isTTY: false, env: {}, noColor: false })).toBe(false);
    expect(useColour({ isTTY: true, env: { NO_COLOR: '1' }, noColor: false })).toBe(false);
    expect(useColour({ isTTY: true, env: {}, noColor: true })).toBe(false);
  });

  it('when NO_COLOR is present but empty, then it does not count (no-color.org)', () => {
    expect(useColour({ isTTY: true, env: { NO_COLOR: '' }, noColor: false })).toBe(true);
  });
});

describe('createStyle', () => {
  it('when colour is off, then marks are plain characters', () => {
    const style = createStyle(false);
    expect([
      style.mark('pass'),
      style.mark('fail'),
      style.mark('warn'),
      style.mark('skip'),
    ]).toEqual(['✓', '✗', '!', '-']);
    expect(style.red('x')).toBe('x');
  });

  it('when colour is on, then marks are wrapped in ANSI SGR codes', () => {
    const style = createStyle(true);
    expect(style.mark('pass')).toBe('\u001b[32m✓\u001b[0m');
    expect(style.mark('fail')).toBe('\u001b[31m✗\u001b[0m');
  });
});
