/**
 * Wraps a comma-separated list into detail lines of at most `width` characters, so thirty scope
 * names read as a short block instead of one 600-character line. The first line carries the
 * label; continuation lines are indented to line up under the first item.
 *
 * @example
 * wrapList('granted: ', ['a:read', 'b:read'], 20); // ['granted: a:read,', '         b:read']
 */
export function wrapList(label: string, items: readonly string[], width = 88): string[] {
  if (items.length === 0) return [`${label}(none)`];
  const indent = ' '.repeat(label.length);
  const lines: string[] = [];
  let current = label;
  items.forEach((item, index) => {
    const piece = index < items.length - 1 ? `${item},` : item;
    const atStart = current === label || current === indent;
    if (!atStart && current.length + 1 + piece.length > width) {
      lines.push(current);
      current = indent + piece;
    } else {
      current = atStart ? current + piece : `${current} ${piece}`;
    }
  });
  lines.push(current);
  return lines;
}
