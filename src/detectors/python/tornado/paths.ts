import type { PathStyle } from '../mounts/types.js';

/**
 * A Tornado URL pattern (a regular expression matched against the whole path) as a readable
 * path: anchors dropped, named groups `(?P<slug>...)` as `{slug}`, unnamed groups as `{arg1}`,
 * `{arg2}`... in order (Tornado passes them to the handler method positionally), an optional
 * trailing slash `/?` dropped and escaped characters (`\.`, `\-`) unescaped. Anything else of
 * the regular expression is kept as written.
 */
export function normalizeTornadoPattern(pattern: string): string {
  let source = pattern;
  if (source.startsWith('^')) source = source.slice(1);
  if (source.endsWith('$') && !source.endsWith('\\$')) source = source.slice(0, -1);
  let result = '';
  let unnamed = 0;
  let index = 0;
  while (index < source.length) {
    const char = source[index]!;
    if (char === '\\' && index + 1 < source.length) {
      const next = source[index + 1]!;
      // `\d`, `\w`, `\s`... are classes and stay; escaped punctuation is the character itself.
      result += /[A-Za-z0-9]/.test(next) ? `\\${next}` : next;
      index += 2;
      continue;
    }
    if (char !== '(') {
      result += char;
      index++;
      continue;
    }
    const end = closingParen(source, index);
    if (end === -1) {
      result += source.slice(index);
      break;
    }
    const group = source.slice(index, end + 1);
    const named = /^\(\?P<([A-Za-z_]\w*)>/.exec(group);
    if (named) result += `{${named[1]}}`;
    else if (group.startsWith('(?')) result += group;
    else result += `{arg${++unnamed}}`;
    index = end + 1;
  }
  if (result.length > 1 && result.endsWith('/?')) result = result.slice(0, -2);
  return result;
}

/** The index of the parenthesis closing the group opened at `open`, skipping escapes and classes. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Tornado matches the pattern as written: a trailing slash is significant unless the pattern makes it optional. */
export const TORNADO_STYLE: PathStyle = { normalize: normalizeTornadoPattern, stripTrailingSlash: false };
