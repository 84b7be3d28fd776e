/**
 * Path rules of Nest's RoutePathFactory: fragments are joined with one slash, a trailing slash is
 * stripped (Nest strips it, unlike Express), and the root stays `/`.
 */
export function joinNestPath(...parts: string[]): string {
  const segments = parts.map((part) => part.replace(/^\/+/, '').replace(/\/+$/, '')).filter((part) => part.length > 0);
  return `/${segments.join('/')}`;
}

/** A fragment as a mount-chain prefix: leading slash, no trailing one. */
export function prefixOf(fragment: string): string {
  return joinNestPath(fragment);
}

export interface ExcludeRule {
  /** The pattern as written in `setGlobalPrefix(..., { exclude })`. */
  path: string;
  /** Upper-case method, or ALL when the rule names none (`RequestMethod.ALL`). */
  method: string;
  regex: RegExp;
}

/**
 * Compiles an exclude pattern the way Nest's `pathToRegexp` does for the patterns people write:
 * `:param` matches one segment, `(.*)`, `*`, `*splat` and `{*splat}` match the rest, `{...}` is an
 * optional group (path-to-regexp 8), matching is case-insensitive with an optional trailing slash.
 */
export function compileExclude(pattern: string, method: string): ExcludeRule {
  const source = `/${pattern.replace(/^\/+/, '')}`;
  let regex = '';
  for (let i = 0; i < source.length; ) {
    const rest = source.slice(i);
    const wildcard = /^(?:\(\.\*\)|\{\*[\w$]*\}|\*[\w$]*)/.exec(rest);
    if (wildcard) {
      regex += '.*';
      i += wildcard[0].length;
      continue;
    }
    const param = /^:[\w$]+(\([^)]*\))?([?*+])?/.exec(rest);
    if (param) {
      const modifier = param[2];
      regex += modifier === '*' || modifier === '+' ? '.+' : modifier === '?' ? '[^/]*' : '[^/]+';
      i += param[0].length;
      continue;
    }
    const char = source[i]!;
    if (char === '{') regex += '(?:';
    else if (char === '}') regex += ')?';
    else regex += char.replace(/[.+?^$()|[\]\\*]/g, '\\$&');
    i++;
  }
  return { path: pattern, method, regex: new RegExp(`^${regex.replace(/\/$/, '')}/?$`, 'i') };
}

/** Is a route (its path under the global prefix, without version) excluded from the global prefix? */
export function isExcluded(rules: readonly ExcludeRule[], path: string, method: string): boolean {
  return rules.some((rule) => (rule.method === 'ALL' || rule.method === method) && rule.regex.test(path));
}
