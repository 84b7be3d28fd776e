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
