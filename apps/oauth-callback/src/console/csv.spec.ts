import { csvCell, csvLine } from './csv.js';

describe('csvCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-2', "'-2"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', '"\'\rx"'],
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
  ])('when a cell starts a formula (%j), then it is prefixed with a quote', (input, output) => {
    expect(csvCell(input)).toBe(output);
  });

  it('when a cell is plain text, null or a number, then it is written as is', () => {
    expect([csvCell('Acme'), csvCell(null), csvCell(3), csvCell('a=b')]).toEqual([
      'Acme',
      '',
      '3',
      'a=b',
    ]);
  });

  it('when a line has a comma, a quote and a newline, then each cell is quoted and the line ends in CRLF', () => {
    expect(csvLine(['a,b', 'say "hi"', 'x\ny'])).toBe('"a,b","say ""hi""","x\ny"\r\n');
  });
});
