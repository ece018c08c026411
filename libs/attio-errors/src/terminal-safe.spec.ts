import { terminalSafe, toTerminalSafeJson } from './terminal-safe.js';

describe('terminalSafe', () => {
  it('when a value holds ANSI and OSC sequences, then ESC and BEL are shown as escapes', () => {
    expect(
      terminalSafe('Acme\u001b[2J\u001b]0;pwned\u0007\u001b]8;;https://evil.example\u001b\\x'),
    ).toBe('Acme\\u001b[2J\\u001b]0;pwned\\u0007\\u001b]8;;https://evil.example\\u001b\\x');
  });

  it('when a value holds line breaks, carriage returns, backspaces, tabs or DEL, then each is escaped', () => {
    expect(terminalSafe('a\nb\rc\bd\te\u007f')).toBe('a\\u000ab\\u000dc\\u0008d\\u0009e\\u007f');
  });

  it('when a value holds C1 controls or bidi overrides, then they are escaped too', () => {
    expect(terminalSafe('x\u009b2J\u009d0;t\u0085y')).toBe('x\\u009b2J\\u009d0;t\\u0085y');
    expect(terminalSafe('evil\u202Egpj.exe\u2066\u2069\u2028')).toBe(
      'evil\\u202egpj.exe\\u2066\\u2069\\u2028',
    );
  });

  it('when a value is ordinary text in any script, then it is unchanged', () => {
    const text = 'Zürich GmbH — 株式会社 🚀 "quoted" \\ back\\slash';
    expect(terminalSafe(text)).toBe(text);
    expect(terminalSafe('')).toBe('');
  });
});

describe('toTerminalSafeJson', () => {
  it('when a value holds controls JSON leaves raw, then they are escaped and the value round-trips', () => {
    const value = { name: 'Acme\u001b[2J\u009b2J\u007f\u202e', n: 1, list: ['\u2028'] };
    const text = toTerminalSafeJson(value);
    expect(text).toBe('{"name":"Acme\\u001b[2J\\u009b2J\\u007f\\u202e","n":1,"list":["\\u2028"]}');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('when indentation is asked for, then it matches JSON.stringify', () => {
    expect(toTerminalSafeJson({ a: [1] }, 2)).toBe(JSON.stringify({ a: [1] }, null, 2));
  });
});
