import type { Measures } from './types.js';

/** Per-line kind, indexed by 0-based line number. */
export const LINE_BLANK = 0;
export const LINE_COMMENT = 1;
export const LINE_CODE = 2;

export interface LineCounts {
  measures: Measures;
  /** LINE_BLANK / LINE_COMMENT / LINE_CODE for each line. */
  kinds: Uint8Array;
}

/**
 * Classifies lines the way cloc does: a whitespace-only line is blank (even inside a block
 * comment); a line whose every non-blank character lies inside a comment is a comment line;
 * anything else is code. `commentRanges` are [start, end) character offsets, sorted.
 *
 * A line is read only up to its first code character, and a comment is skipped whole: most
 * lines are code, so most characters are never looked at.
 */
export function classifyLines(text: string, commentRanges: readonly (readonly [number, number])[]): LineCounts {
  const lineCount = countLines(text);
  const kinds = new Uint8Array(lineCount);
  let code = 0;
  let comment = 0;
  let blank = 0;
  let rangeIndex = 0;
  let lineStart = 0;
  for (let line = 0; line < lineCount; line++) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let kind = LINE_BLANK;
    let i = lineStart;
    while (i < lineEnd) {
      const ch = text.charCodeAt(i);
      // Space, tab, carriage return, form feed, vertical tab, BOM and NBSP count as white space.
      if (ch === 32 || ch === 9 || ch === 13 || ch === 12 || ch === 11 || ch === 0xfeff || ch === 0xa0) {
        i++;
        continue;
      }
      while (rangeIndex < commentRanges.length && commentRanges[rangeIndex]![1] <= i) rangeIndex++;
      const range = commentRanges[rangeIndex];
      if (range !== undefined && range[0] <= i) {
        kind = LINE_COMMENT;
        i = range[1];
        continue;
      }
      kind = LINE_CODE;
      break;
    }
    kinds[line] = kind;
    if (kind === LINE_CODE) code++;
    else if (kind === LINE_COMMENT) comment++;
    else blank++;
    lineStart = lineEnd + 1;
  }
  return { measures: { code, comment, blank }, kinds };
}

/** Lines as cloc counts them: a trailing newline does not start another line. */
export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  if (text.charCodeAt(text.length - 1) === 10) lines--;
  return lines;
}

/**
 * Python comment ranges by cloc's own rules, so the counts match it: `#` comments, and every
 * triple-quoted string (cloc turns all of them, docstrings or not, into C comments).
 * A `#` inside an ordinary string is left alone, as a tokenizer would.
 */
export function findPythonCommentRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  const length = text.length;
  // Only `#` and quotes matter; the regex engine finds the next one faster than a loop would.
  const next = /[#"']/g;
  let i = 0;
  while (i < length) {
    next.lastIndex = i;
    const found = next.exec(text);
    if (found === null) break;
    i = found.index;
    const ch = text.charCodeAt(i);
    if (ch === 35 /* # */) {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? length : end;
      ranges.push([i, stop]);
      i = stop;
      continue;
    }
    const quote = text[i]!;
    const triple = text.startsWith(quote.repeat(3), i);
    if (triple) {
      const close = text.indexOf(quote.repeat(3), i + 3);
      const stop = close === -1 ? length : close + 3;
      ranges.push([i, stop]);
      i = stop;
      continue;
    }
    i = skipPythonString(text, i + 1, quote);
  }
  return ranges;
}

function skipPythonString(text: string, start: number, quote: string): number {
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) return i + 1;
    // An unterminated single-line string ends at the line end.
    if (c === '\n') return i;
    i++;
  }
  return i;
}

/** Code lines within an inclusive 1-based line span. */
export function countCodeLines(kinds: Uint8Array, startLine: number, endLine: number): number {
  let count = 0;
  for (let line = startLine - 1; line < endLine && line < kinds.length; line++) {
    if (kinds[line] === LINE_CODE) count++;
  }
  return count;
}
