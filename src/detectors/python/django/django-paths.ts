import { normalizePythonPath } from '../../shared.js';

/**
 * Django joins URL patterns by plain string concatenation: `path('api/', include(...))` then
 * `path('users/', view)` matches `api/users/`, and `path('api', ...)` + `path('users/')` would
 * really match `apiusers/`. So paths are accumulated piece by piece, as written and normalised
 * side by side, and only get their leading `/` at the end.
 */
export interface DjangoPath {
  /** The concatenation of every piece as written (regexes keep their anchors). */
  original: string;
  /** The same with params as `{name}` and regex anchors dropped, piece by piece. */
  normalized: string;
}

export const EMPTY_PATH: DjangoPath = { original: '', normalized: '' };

/** `path()` routes use converters (`<int:pk>`); `re_path()` / `url()` and DRF routes are regexes. */
export type PieceStyle = 'route' | 'regex';

export function appendPiece(base: DjangoPath, text: string, style: PieceStyle): DjangoPath {
  return { original: base.original + text, normalized: base.normalized + normalizePiece(text, style) };
}

/** A piece that is not a pattern at all (an `{unresolved:...}` placeholder, an i18n language prefix). */
export function appendLiteral(base: DjangoPath, original: string, normalized: string): DjangoPath {
  return { original: base.original + original, normalized: base.normalized + normalized };
}

/**
 * One piece to `{name}` form. Regex pieces lose their `^`/`$` anchors (each included pattern is
 * anchored on its own), simple escapes (`\.`, `\-`), and an optional trailing slash `/?` reads `/`.
 */
export function normalizePiece(text: string, style: PieceStyle): string {
  if (style === 'route') return normalizePythonPath(text);
  let piece = text.replace(/^(?:\^|\\A)/, '').replace(/(?:\$|\\Z)$/, '');
  piece = normalizePythonPath(piece);
  piece = piece.replace(/\/\?$/, '/');
  piece = piece.replace(/\\([./-])/g, '$1');
  return piece;
}

/** The endpoint's path (leading `/`, duplicate slashes collapsed) and its original when that differs. */
export function finishPath(path: DjangoPath): { path: string; originalPath?: string } {
  const normalized = `/${path.normalized}`.replace(/\/{2,}/g, '/');
  const asWritten = `/${path.original}`;
  return normalized === asWritten ? { path: normalized } : { path: normalized, originalPath: path.original };
}
