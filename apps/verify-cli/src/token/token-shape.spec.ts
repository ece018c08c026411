import { tokenShapeProblems } from './token-shape.js';

const codes = (token: string) => tokenShapeProblems(token).map((p) => p.code);

describe('tokenShapeProblems', () => {
  it('when the token is a plain token, then there is no problem', () => {
    expect(tokenShapeProblems('sk_0123456789abcdef0123456789abcdef')).toEqual([]);
  });

  it('when the token is empty or blank, then "empty" and nothing else', () => {
    expect(tokenShapeProblems('')).toEqual([
      {
        code: 'empty',
        message: 'the token is empty',
        fix: 'Paste the whole token (Attio: Settings > Developers > Access tokens).',
      },
    ]);
    expect(tokenShapeProblems('  \n')[0]?.message).toBe('the token is only whitespace');
  });

  it('when the token has surrounding whitespace, then that is named', () => {
    expect(codes(' sk_abcdef ')).toEqual(['surrounding_whitespace']);
    expect(codes('sk_abcdef\n')).toEqual(['surrounding_whitespace']);
  });

  it('when the token is quoted (plain or smart quotes), then "quotes"', () => {
    expect(codes('"sk_abcdef"')).toEqual(['quotes']);
    expect(codes("'sk_abcdef'")).toEqual(['quotes']);
    expect(codes('\u201csk_abcdef\u201d')).toEqual(['quotes']);
  });

  it('when a Bearer prefix is pasted, then the message names the prefix but never the token', () => {
    const problems = tokenShapeProblems('Bearer sk_secret_value');
    expect(problems).toEqual([
      {
        code: 'auth_scheme_prefix',
        message: 'the token starts with "Bearer ", which the client adds itself',
        fix: 'Remove the "Bearer " prefix and keep only the token.',
      },
    ]);
    expect(JSON.stringify(problems)).not.toContain('sk_secret_value');
    expect(codes('bearer sk_abc')).toEqual(['auth_scheme_prefix']);
  });

  it('when a whole header or an env assignment is pasted, then that is named', () => {
    expect(codes('Authorization: Bearer sk_abc')).toEqual(['header_name']);
    expect(tokenShapeProblems('ATTIO_API_KEY=sk_abc')[0]?.message).toBe(
      'the token includes a variable name ("ATTIO_API_KEY=")',
    );
  });

  it('when the token has inner whitespace or non-ASCII characters, then both are reported', () => {
    expect(codes('sk_abc def')).toEqual(['inner_whitespace']);
    expect(codes('sk_abc\u2026')).toEqual(['invalid_characters']);
  });

  it('when a different subject is named, then messages use it', () => {
    expect(tokenShapeProblems('', 'the client secret')[0]?.message).toBe(
      'the client secret is empty',
    );
  });
});
