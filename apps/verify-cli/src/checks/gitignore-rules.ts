/**
 * A small reading of .gitignore rules, used only when git itself is not available: does a
 * .gitignore in the directory ignore a file of that name? It follows gitignore(5) for the
 * patterns people write for .env (`.env`, `/.env`, `.env*`, `*.env`, `!.env`, comments, trailing
 * spaces) and reports "not ignored" for anything it cannot read, never a false "ignored".
 */

/** gitignore(5) glob → RegExp for a single path segment: `*` and `?` never match `/`. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const ch = glob[i] as string;
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '\\' && i + 1 < glob.length) source += escape(glob[(i += 1)] as string);
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) source += '\\[';
      else {
        source += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else source += escape(ch);
  }
  return new RegExp(`^${source}$`);
}

function escape(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Whether the rules of one .gitignore file (its text) ignore `fileName` that sits next to it.
 * The last matching rule wins, as in git.
 *
 * @example
 * ignoredByGitignore('node_modules\n.env\n', '.env'); // true
 * ignoredByGitignore('.env*\n!.env\n', '.env'); // false
 */
export function ignoredByGitignore(gitignoreText: string, fileName: string): boolean {
  let ignored = false;
  for (const rawLine of gitignoreText.split(/\r?\n/)) {
    // Trailing spaces are ignored unless escaped (gitignore(5) "PATTERN FORMAT").
    const line = rawLine.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    let pattern = negated ? line.slice(1) : line;
    if (pattern.endsWith('/')) continue; // directory-only rules never match a file
    if (pattern.startsWith('**/')) pattern = pattern.slice(3);
    else if (pattern.startsWith('/')) pattern = pattern.slice(1);
    if (pattern.includes('/')) continue; // rules for sub-paths do not apply to a top-level file
    if (globToRegExp(pattern).test(fileName)) ignored = !negated;
  }
  return ignored;
}
