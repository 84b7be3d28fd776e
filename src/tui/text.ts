/**
 * Terminal text helpers. Everything shown comes from the analysed repository (paths, names,
 * source lines), so it is cleaned of control characters first: a crafted file must not be
 * able to send escape sequences to the reviewer's terminal.
 */

export const ELLIPSIS = '…';
const TAB_STOP = 4;

/** Replaces control characters with `?` and expands tabs, so widths are predictable. */
export function cleanText(text: string): string {
  let out = '';
  for (const char of text) {
    if (char === '\t') out += ' '.repeat(TAB_STOP - (displayWidth(out) % TAB_STOP));
    else if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(char)) out += '?';
    else out += char;
  }
  return out;
}

/** Columns a string takes: wide East Asian and emoji characters take two, combining marks none. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char.codePointAt(0) ?? 0);
  return width;
}

function charWidth(code: number): number {
  if ((code >= 0x0300 && code <= 0x036f) || code === 0x200b || (code >= 0xfe00 && code <= 0xfe0f)) return 0;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** Keeps the start and ends with an ellipsis when the text is wider than `width`. */
export function truncateEnd(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  return `${takeStart(text, width - 1)}${ELLIPSIS}`;
}

/**
 * Keeps both ends of a long path: the first third and the last two thirds, joined by an
 * ellipsis. Routes share long prefixes (`/api/v2/organisations/...`), so the end is
 * what tells two rows apart.
 */
export function truncateMiddle(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 1) return width === 1 ? ELLIPSIS : '';
  const head = Math.floor((width - 1) / 3);
  const tail = width - 1 - head;
  return `${takeStart(text, head)}${ELLIPSIS}${takeEnd(text, tail)}`;
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

/** Fits a cell exactly: truncated with an ellipsis, then padded. */
export function fitEnd(text: string, width: number): string {
  return padEnd(truncateEnd(text, width), width);
}

/** The longest start of `text` that fits in `width` columns. */
export function takeStart(text: string, width: number): string {
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char.codePointAt(0) ?? 0);
    if (used + w > width) break;
    out += char;
    used += w;
  }
  return out;
}

function takeEnd(text: string, width: number): string {
  const chars = Array.from(text);
  let out = '';
  let used = 0;
  for (let i = chars.length - 1; i >= 0; i -= 1) {
    const char = chars[i] as string;
    const w = charWidth(char.codePointAt(0) ?? 0);
    if (used + w > width) break;
    out = char + out;
    used += w;
  }
  return out;
}

/**
 * Engineer-months with the precision a lead reads: two decimals under ten, one above, and
 * `<0.01` for a share too small to show rather than a misleading `0.00`.
 */
export function formatMonths(months: number): string {
  if (months > 0 && months < 0.005) return '<0.01';
  return months < 10 ? months.toFixed(2) : months.toFixed(1);
}

/** Thousands separators fixed to `,` so output does not depend on the machine's locale. */
export function formatCount(count: number): string {
  return String(Math.round(count)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
