import { parseEnv } from 'node:util';

import { dotEnvSyntaxProblems } from './dot-env-syntax.js';

describe('dotEnvSyntaxProblems', () => {
  it.each([
    ['', {}],
    ['A=1\n# comment\n\n   \n', { A: '1' }],
    ['A=x #comment', { A: 'x' }],
    ['A= #comment', { A: '' }],
    ['A="x#y" # c', { A: 'x#y' }],
    ['A=\'say "hi"\'', { A: 'say "hi"' }],
    ['A=`one\ntwo` # c\nB=2', { A: 'one\ntwo', B: '2' }],
    ['export A=1', { A: '1' }],
    ['A = b=c', { A: 'b=c' }],
    ["A=it's", { A: "it's" }],
  ])('when the text is %j, then there is no problem and util.parseEnv reads %j', (text, values) => {
    expect(dotEnvSyntaxProblems(text)).toEqual([]);
    expect(parseEnv(text)).toEqual(values);
  });

  it.each([
    ['NOEQUALS', 1],
    ['A=1\n=value', 2],
    ['1A=1', 1],
    ['A B=1', 1],
    ['\tA=1', 1],
    ['export  A=1', 1],
    ['A=a#b', 1],
    ['A=#b', 1],
    ['A="a" b', 1],
    ['A="a\nb" c', 2],
    ["A='never closed\nB=2", 1],
  ])('when the text is %j, then line %d is reported', (text, line) => {
    expect(dotEnvSyntaxProblems(text).map((p) => p.line)).toEqual([line]);
  });
});
