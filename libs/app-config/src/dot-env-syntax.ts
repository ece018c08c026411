/** One line of a `.env` that Node's `util.parseEnv` would silently misread, and how to fix it. */
export interface DotEnvSyntaxProblem {
  /** 1-based line number. */
  readonly line: number;
  /** What is wrong and what to write instead; never the value itself. */
  readonly message: string;
}

// Spaces only: util.parseEnv (Node 20) keeps a tab before a name as part of the name, and reads
// `export  NAME` (two spaces) as " NAME".
const ASSIGNMENT = /^ *(?:export )?([A-Za-z_][A-Za-z0-9_]*) *=(.*)$/;
const QUOTES = new Set(['"', "'", '`']);
const COMMENT_OR_BLANK = /^[ \t]*(?:#.*)?$/;

/**
 * The lines of a `.env` text that are not `NAME=value`, `NAME="value"` (also `'…'` and `` `…` ``,
 * which may span lines), a blank line or a `# comment`. `util.parseEnv` never fails: it drops or
 * merges such lines, or cuts a value at an unquoted `#`, so a typo would silently change the
 * configuration. Each problem names the line (and the variable), never its value.
 */
export function dotEnvSyntaxProblems(text: string): DotEnvSyntaxProblem[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const problems: DotEnvSyntaxProblem[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (COMMENT_OR_BLANK.test(line)) continue;
    const lineNo = i + 1;
    const match = ASSIGNMENT.exec(line);
    if (!match) {
      problems.push({
        line: lineNo,
        message:
          'expected NAME=value (a name is letters, digits and _, not starting with a digit; ' +
          'spaces, not tabs, around it); fix the line or comment it out with #',
      });
      continue;
    }
    const name = match[1] as string;
    const raw = match[2] as string;
    const value = raw.replace(/^[ \t]+/, '');
    const quote = value.charAt(0);
    if (QUOTES.has(quote)) {
      // The value ends at the next same quote, on this line or a later one (a multi-line value).
      let rest = value.slice(1);
      let end = i;
      let close = rest.indexOf(quote);
      while (close === -1 && end + 1 < lines.length) {
        end += 1;
        rest = lines[end] as string;
        close = rest.indexOf(quote);
      }
      if (close === -1) {
        problems.push({
          line: lineNo,
          message: `${name} opens a ${quote} quote that is never closed; close it at the end of the value`,
        });
        break; // everything after it would be read as part of this value
      }
      if (!COMMENT_OR_BLANK.test(rest.slice(close + 1))) {
        problems.push({
          line: end + 1,
          message:
            `${name} has text after its closing ${quote} quote (a quote inside the value ends it); ` +
            `put the whole value in a different kind of quotes or leave the text out`,
        });
      }
      i = end;
      continue;
    }
    // `NAME=a#b` is read as "a": only `NAME=a #b` (a space before the #) is plainly a comment.
    const hash = raw.indexOf('#');
    if (hash !== -1 && (hash === 0 || !/[ \t]/.test(raw.charAt(hash - 1)))) {
      problems.push({
        line: lineNo,
        message:
          `${name} has a # that would end its value (an unquoted # starts a comment); ` +
          `quote the value, e.g. ${name}="…#…", or put a space before the # of a comment`,
      });
    }
  }
  return problems;
}
