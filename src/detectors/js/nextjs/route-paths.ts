/**
 * File-system routing of Next.js: which files are route files and the URL each serves.
 *
 * Dynamic segments keep Express param style: `[id]` is `:id`, a catch-all `[...slug]` is `:slug*`
 * (the rest of the path) and an optional catch-all `[[...slug]]` is `:slug*?` — the `?` marks that
 * the route also answers without any segment there (`/docs` as well as `/docs/a/b`), which is the
 * one difference a reader needs between the two catch-alls.
 */

/** Next's default `pageExtensions`. */
export const DEFAULT_PAGE_EXTENSIONS = ['tsx', 'ts', 'jsx', 'js'];

/** The route file's extension-free name, or null when the extension is not a page extension. */
export function stripPageExtension(file: string, extensions: readonly string[]): string | null {
  // Longest first, so `page.tsx` style custom extensions win over `tsx`.
  for (const extension of [...extensions].sort((a, b) => b.length - a.length)) {
    if (file.endsWith(`.${extension}`) && file.length > extension.length + 1) return file.slice(0, -(extension.length + 1));
  }
  return null;
}

/** `[id]` -> `:id`, `[...slug]` -> `:slug*`, `[[...slug]]` -> `:slug*?`, anything else as written. */
export function dynamicSegment(segment: string): string {
  const optionalCatchAll = /^\[\[\.\.\.([^\]]+)\]\]$/.exec(segment);
  if (optionalCatchAll) return `:${optionalCatchAll[1]}*?`;
  const catchAll = /^\[\.\.\.([^\]]+)\]$/.exec(segment);
  if (catchAll) return `:${catchAll[1]}*`;
  const param = /^\[([^\]]+)\]$/.exec(segment);
  if (param) return `:${param[1]}`;
  return segment;
}

/**
 * The URL of a Pages Router API file, from its path under the `pages` folder without extension
 * (`api/users/[id]`), or null when it is not an API route. Every file under `pages/api` is one:
 * the underscore, group and slot conventions belong to the App Router only.
 */
export function pagesApiPath(relative: string): string | null {
  const segments = relative.split('/');
  if (segments[0] !== 'api') return null;
  if (segments[segments.length - 1] === 'index') segments.pop();
  return `/${segments.map(dynamicSegment).join('/')}`;
}

/**
 * The URL of an App Router `route` file, from the folders between `app` and the file, or null
 * when no URL reaches it: a private `_folder` (and everything under it) or an intercepting route
 * (`(.)photo`, which only intercepts client navigations). Route groups `(group)` and parallel
 * slots `@slot` add no segment; `%5F` is a literal underscore.
 */
export function appRoutePath(folders: readonly string[]): string | null {
  const out: string[] = [];
  for (const folder of folders) {
    if (folder.startsWith('_')) return null;
    if (/^(\(\.{1,3}\))+/.test(folder)) return null;
    if (/^\(.*\)$/.test(folder) || folder.startsWith('@')) continue;
    out.push(dynamicSegment(decodeSegment(folder)));
  }
  return `/${out.join('/')}`;
}

function decodeSegment(folder: string): string {
  if (!folder.includes('%')) return folder;
  try {
    return decodeURIComponent(folder);
  } catch {
    return folder;
  }
}
