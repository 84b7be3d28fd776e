import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Lines of a repository file (relative POSIX path), or null when it cannot be shown. */
export type SourceReader = (file: string) => readonly string[] | null;

/** Larger files are not shown in the evidence view; the analysis skips them by default anyway. */
const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

/**
 * Reads evidence source lines on demand, synchronously (the detail view renders from them)
 * and once per file. Paths that leave the root, binary files and unreadable files give null
 * instead of an error: the view then shows file:line without the excerpt.
 */
export function createSourceReader(root: string): SourceReader {
  const absoluteRoot = path.resolve(root);
  const cache = new Map<string, readonly string[] | null>();
  return (file) => {
    const cached = cache.get(file);
    if (cached !== undefined) return cached;
    const lines = readLines(absoluteRoot, file);
    cache.set(file, lines);
    return lines;
  };
}

function readLines(root: string, file: string): readonly string[] | null {
  const absolute = path.resolve(root, file);
  const relative = path.relative(root, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  try {
    if (statSync(absolute).size > MAX_SOURCE_BYTES) return null;
    const text = readFileSync(absolute, 'utf8');
    if (text.includes('\u0000')) return null;
    return text.split(/\r?\n/);
  } catch {
    return null;
  }
}
