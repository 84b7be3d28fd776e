import { exprText } from '../../../linking/project-index.js';
import type { PathPiece, PathStyle } from './types.js';

/**
 * `{id:int}` (Starlette / FastAPI converters) and `{name:\d+}` (aiohttp regexes, which may hold
 * braces of their own, `{id:\d{3}}`) become `{id}` / `{name}`.
 */
export function normalizeBraceParams(path: string): string {
  let result = '';
  let index = 0;
  while (index < path.length) {
    const char = path[index]!;
    if (char !== '{') {
      result += char;
      index++;
      continue;
    }
    const end = matchingBrace(path, index);
    if (end === -1) {
      result += path.slice(index);
      break;
    }
    const inner = path.slice(index + 1, end);
    const name = /^\s*([A-Za-z_]\w*)\s*(?::|$)/.exec(inner)?.[1];
    result += name ? `{${name}}` : path.slice(index, end + 1);
    index = end + 1;
  }
  return result;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Sanic's `<id>`, `<id:int>`, `<slug:[a-z]+>` become `{id}`, `{slug}`. */
export function normalizeAngleParams(path: string): string {
  return path.replace(/<([A-Za-z_]\w*)(?::[^>]*)?>/g, '{$1}');
}

export const BRACE_STYLE: PathStyle = { normalize: normalizeBraceParams, stripTrailingSlash: false };

/** `{unresolved:settings.X}`: the reader sees the part is not literal, and which expression it was. */
export function unresolvedText(piece: PathPiece): string {
  return `/{unresolved:${exprText(piece.expr).replace(/[{}]/g, '')}}`;
}

/**
 * Joins prefixes and a route path the way these frameworks do: each prefix loses its trailing
 * slash (APIRouter, Mount, add_subapp and Blueprint all strip or forbid it), the route path is
 * appended as written, so FastAPI's `@router.get("/")` under `/items` is `/items/` and `""` is `/items`.
 */
export function joinPathParts(prefixes: readonly string[], route: string, style: PathStyle): string {
  let result = '';
  const append = (segment: string): void => {
    if (!segment) return;
    if (!segment.startsWith('/') && !result.endsWith('/')) result += '/';
    result += segment;
  };
  for (const prefix of prefixes) append(prefix.replace(/\/+$/, ''));
  append(route);
  result = result.replace(/\/{2,}/g, '/');
  if (!result.startsWith('/')) result = `/${result}`;
  if (style.stripTrailingSlash && result.length > 1) result = result.replace(/\/+$/, '') || '/';
  return result;
}

/** The prefix a mount step shows: the text as applied (without the trailing slash routers drop), or the unresolved placeholder. */
export function stepPrefix(piece: PathPiece): string {
  if (piece.text === null) return unresolvedText(piece);
  return piece.text.length > 1 ? piece.text.replace(/\/+$/, '') || '/' : piece.text;
}

/** A piece that adds nothing to a path (`prefix=""`, `Mount("/")`) is not shown as a mount step. */
export function isEmptyPiece(piece: PathPiece): boolean {
  return piece.text !== null && piece.text.replace(/\/+$/, '') === '';
}
