import ignore from 'ignore';

/**
 * Git's ignore rules for a whole tree, built on the `ignore` package.
 *
 * `ignore` evaluates rules relative to a single folder. Nested `.gitignore` files are
 * supported by rewriting each one's patterns relative to the repository root and appending
 * them after their ancestors' rules: with git's last-match-wins, a deeper file then overrides
 * a shallower one, and `ignore`'s rule that a file under an excluded folder cannot be
 * re-included holds across levels exactly as in git. (Keeping one matcher per level and
 * asking the deepest first gets that wrong: a parent's `build` would re-exclude the contents
 * of a `build/` that a deeper `!build` had re-included.)
 */
export type IgnoreMatcher = ReturnType<typeof ignore>;

/** Matching is case-sensitive, git's default on case-sensitive file systems, so results do not vary by machine. */
export function createIgnoreMatcher(parent: IgnoreMatcher | undefined, lines: readonly string[]): IgnoreMatcher {
  const matcher = ignore({ ignorecase: false });
  if (parent) matcher.add(parent);
  return matcher.add(lines);
}

/** Characters with a meaning in gitignore patterns, escaped when a folder name becomes a pattern prefix. */
const PATTERN_SPECIALS = /[\\*?[\]!#]/g;

/**
 * Rewrites the lines of an ignore file found in `baseDir` (relative POSIX path, '' for the root)
 * so they match paths relative to the root, following gitignore(5):
 * a pattern with a slash at the start or in the middle is anchored to its file's folder;
 * one without matches at any depth below that folder.
 */
export function rebaseIgnoreLines(content: string, baseDir: string): string[] {
  const rebased: string[] = [];
  for (const rawLine of content.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (baseDir === '') {
      rebased.push(line);
      continue;
    }
    const negated = line.startsWith('!');
    const pattern = negated ? line.slice(1) : line;
    const core = pattern.trimEnd().replace(/\/$/, '');
    const prefix = baseDir.replace(PATTERN_SPECIALS, '\\$&');
    let anchored: string;
    if (pattern.startsWith('/')) anchored = prefix + pattern;
    else if (core.includes('/')) anchored = `${prefix}/${pattern}`;
    else anchored = `${prefix}/**/${pattern}`;
    rebased.push(negated ? `!${anchored}` : anchored);
  }
  return rebased;
}
