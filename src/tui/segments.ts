import type { Role } from './theme.js';
import { ELLIPSIS, cleanText, displayWidth, padEnd, takeStart } from './text.js';

/** A run of text with one meaning; a screen line is a list of them. */
export interface Segment {
  text: string;
  role: Role;
}

export type Line = Segment[];

export function segment(text: string, role: Role = 'plain'): Segment {
  return { text: cleanText(text), role };
}

export function lineText(line: Line): string {
  return line.map((part) => part.text).join('');
}

/**
 * Cuts a line to the terminal width, ending with an ellipsis when something was cut, and
 * pads it when `pad` is set (a selected row is highlighted across the whole width).
 */
export function fitLine(line: Line, width: number, pad = false): Line {
  const total = displayWidth(lineText(line));
  const out: Line = [];
  if (total <= width) {
    out.push(...line);
  } else {
    let used = 0;
    for (const part of line) {
      const room = width - 1 - used;
      if (room <= 0) break;
      const w = displayWidth(part.text);
      if (w <= room) {
        out.push(part);
        used += w;
      } else {
        const cut = takeStart(part.text, room);
        out.push({ text: cut, role: part.role });
        used += displayWidth(cut);
        break;
      }
    }
    const last = out[out.length - 1];
    out.push({ text: ELLIPSIS, role: last?.role ?? 'plain' });
  }
  if (pad) {
    const used = displayWidth(lineText(out));
    if (used < width) out.push({ text: padEnd('', width - used), role: 'plain' });
  }
  return out.filter((part) => part.text !== '');
}

/**
 * Word-wraps a line to the width; continuation lines start with `indent` spaces, so a
 * field's value stays in its column. A word longer than a whole line is cut.
 */
export function wrapLine(line: Line, width: number, indent: number): Line[] {
  const lines: Line[] = [];
  let current: Line = [];
  let used = 0;
  const room = Math.max(1, width);
  const startLine = (): void => {
    lines.push(current);
    current = [{ text: ' '.repeat(indent), role: 'plain' }];
    used = indent;
  };
  for (const part of line) {
    for (const token of part.text.split(/(?<= )/)) {
      let word = token;
      while (word !== '') {
        const w = displayWidth(word);
        if (used + displayWidth(word.trimEnd()) <= room) {
          current.push({ text: word, role: part.role });
          used += w;
          word = '';
        } else if (used > indent) {
          startLine();
          word = word.trimStart();
        } else {
          const cut = takeStart(word, room - used);
          current.push({ text: cut, role: part.role });
          used += displayWidth(cut);
          word = word.slice(cut.length);
          if (word !== '') startLine();
        }
      }
    }
  }
  lines.push(current);
  return lines.map((wrapped) => mergeRuns(wrapped.map((part, index) => (index === wrapped.length - 1 ? { ...part, text: part.text.trimEnd() } : part))));
}

/** Joins neighbouring runs of the same role, so a wrapped line is as few segments as before. */
function mergeRuns(line: Line): Line {
  const merged: Line = [];
  for (const part of line) {
    const last = merged[merged.length - 1];
    if (last && last.role === part.role) merged[merged.length - 1] = { text: last.text + part.text, role: part.role };
    else if (part.text !== '') merged.push(part);
  }
  return merged;
}
