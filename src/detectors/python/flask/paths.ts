import type { PathStyle } from '../mounts/types.js';

/**
 * Werkzeug rule params to `{name}`: `<id>`, `<int:id>`, `<path:rest>` and converters with
 * arguments, `<string(length=2):lang>` or `<regex("[a-z]+"):slug>`.
 */
export function normalizeFlaskPath(rule: string): string {
  return rule.replace(/<(?:[A-Za-z_]\w*(?:\((?:[^()"']|"[^"]*"|'[^']*')*\))?:)?([A-Za-z_]\w*)>/g, '{$1}');
}

/** Werkzeug rules are strict about a trailing slash (`/items/` and `/items` differ), so it is kept. */
export const FLASK_STYLE: PathStyle = { normalize: normalizeFlaskPath, stripTrailingSlash: false };
